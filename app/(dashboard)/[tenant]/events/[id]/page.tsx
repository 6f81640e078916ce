import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/app/_lib/guard";
import { decodeParam } from "@/app/_lib/params";
import { EventControls, EventIdentity, Fields } from "@/components/events/event-fields";
import { segment } from "@/components/events/href";
import { OutcomeBadge } from "@/components/ui/outcome-badge";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { auditEvent } from "@/lib/auth/audit";
import { isStorable, storable } from "@/lib/core/contract/well-formed";
import { eventBatchStatus } from "@/lib/queries/integrity";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export const metadata = { title: "Event" };

type Props = {
  params: Promise<{ tenant: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const CORRELATE = [
  ["session_id", "session", "Same session"],
  ["trace_id", "trace", "Same trace"],
  ["conversation_id", "conversation", "Same conversation"],
] as const;

export default async function EventPage({ params, searchParams }: Props) {
  const { tenant, id: rawId } = await params;
  const id = decodeParam(rawId);
  // No event id holds NUL (ingestion refuses control characters), and no store could look it up.
  if (!isStorable(id)) notFound();
  const access = await guardPage(tenant, "events:read", `/${tenant}/events/${rawId}`);
  const tz = (await searchParams).tz === "local" ? "local" : "utc";
  const e = await access.store.getEvent(id);
  if (!e) notFound();
  const payload = access.can("events:payload");
  await auditEvent(access.tenant.id, access.actor, {
    action: payload ? "event.open_payload" : "event.open",
    details: { event_id: e.id },
  });
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const [integrity, ...correlated] = await Promise.all([
    eventBatchStatus(access.store, await dashboardRuntime().store.admin.writerKeys(), e),
    ...CORRELATE.map(([field, filter]) => {
      const value = e[field];
      // storable(): what the column holds for a value stored before strings were repaired.
      return value
        ? access.store.listEvents({ [filter]: storable(value), limit: 25, order: "asc" })
        : Promise.resolve(null);
    }),
  ]);
  return (
    <>
      <div className="page-head">
        <div>
          <div className="small muted">
            <Link href={`${base}/events`}>Events</Link> / event
          </div>
          <h1 style={{ overflowWrap: "anywhere" }}>
            {visible(e.tool ?? e.method)} <OutcomeBadge outcome={e.outcome} />
          </h1>
          <p>
            by <Link href={`${base}/actors/${segment(e.actor.id)}`}>{visible(e.actor.id)}</Link> on{" "}
            {visible(e.server.name)} · <Time iso={e.time} tz={tz} />
          </p>
        </div>
      </div>
      <div className="grid grid-2" style={{ alignItems: "start" }}>
        <div className="stack">
          <section className="panel" aria-label="Fields">
            <h2>Record</h2>
            <EventIdentity e={e} tz={tz} />
          </section>
        </div>
        <div className="stack">
          <section className="panel" aria-label="Integrity" data-testid="integrity">
            <h2>Integrity</h2>
            {integrity.state === "verified" ? (
              <p>
                <span className="badge badge-good">verified</span> batch {integrity.seq} of writer{" "}
                <code>{integrity.writerId}</code>: signature, Merkle root over its{" "}
                {integrity.events} events and chain link recomputed just now.
              </p>
            ) : integrity.state === "broken" ? (
              <div>
                <p>
                  <span className="badge badge-bad">broken</span> batch {integrity.seq} of writer{" "}
                  <code>{integrity.writerId}</code>
                </p>
                <ul className="small">
                  {integrity.findings.slice(0, 10).map((f) => (
                    <li key={`${f.kind}:${f.event_id ?? ""}:${f.leaf_index ?? ""}`}>
                      <strong>{f.kind.replace("_", " ")}</strong>
                      {f.event_id ? ` (${f.event_id})` : ""}: {f.detail}
                    </li>
                  ))}
                </ul>
              </div>
            ) : (
              <p>
                <span className="badge badge-neutral">not sealed</span> {integrity.reason}
              </p>
            )}
          </section>
          <section className="panel" aria-label="Controls">
            <h2>Controls that ran</h2>
            <EventControls e={e} payload={payload} />
          </section>
          <section className="panel" aria-label="Payload">
            <h2>Arguments</h2>
            {!payload ? (
              <p className="muted">Payloads are not shown to your role.</p>
            ) : e.arguments === undefined ? (
              <p className="muted small">No arguments recorded.</p>
            ) : (
              <pre className="json" data-testid="arguments">
                {visible(JSON.stringify(e.arguments, null, 2))}
              </pre>
            )}
            {payload && (e.error?.message || e.labels) ? (
              <div style={{ marginTop: 12 }}>
                <Fields
                  items={[
                    ["Error message", e.error?.message],
                    [
                      "Labels",
                      e.labels
                        ? Object.entries(e.labels)
                            .map(([k, v]) => `${k}=${v}`)
                            .join(", ")
                        : undefined,
                    ],
                  ]}
                />
              </div>
            ) : null}
          </section>
          {CORRELATE.map(([field, filter, title], i) => {
            const page = correlated[i];
            if (!page) return null;
            return (
              <section key={field} className="panel" aria-label={title}>
                <h2>
                  {title}{" "}
                  <Link
                    className="small"
                    href={`${base}/events?range=30d&${filter}=${segment(String(e[field]))}`}
                  >
                    all →
                  </Link>
                </h2>
                <ol className="timeline">
                  {page.events.map((c) => (
                    <li key={c.id} className={c.id === e.id ? "current" : undefined}>
                      <Time iso={c.time} tz={tz} />{" "}
                      {c.id === e.id ? (
                        <strong>{visible(c.tool ?? c.method)}</strong>
                      ) : (
                        <Link href={`${base}/events/${segment(c.id)}`}>
                          {visible(c.tool ?? c.method)}
                        </Link>
                      )}{" "}
                      <OutcomeBadge outcome={c.outcome} />{" "}
                      <span className="muted small">{visible(c.actor.id)}</span>
                    </li>
                  ))}
                </ol>
                {page.nextCursor ? <p className="small muted">Showing the first 25.</p> : null}
              </section>
            );
          })}
        </div>
      </div>
    </>
  );
}
