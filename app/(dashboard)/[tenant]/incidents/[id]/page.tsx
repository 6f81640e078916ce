import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { SeverityBadge, StatusBadge } from "@/components/flags/badges";
import { IncidentClockText } from "@/components/flags/incident-clock";
import { ActionForm } from "@/components/settings/action-form";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { hasCode } from "@/lib/core/errors";
import { getIncident } from "@/lib/services/flags/get-incident";
import { closeIncidentAction, notifyAuthorityAction } from "./actions";

export const metadata = { title: "Incident" };

type Props = { params: Promise<{ tenant: string; id: string }> };

/** One incident: its clock, dates, note, linked flags, and for triage roles notify and close. */
export default async function IncidentPage({ params }: Props) {
  const { tenant, id: rawId } = await params;
  const access = await guardPage(tenant, "flags:read", `/${tenant}/incidents`);
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    notFound();
  }
  let got: Awaited<ReturnType<typeof getIncident>>;
  try {
    got = await getIncident({ ctx: tenantCtx(access), input: { id } });
  } catch (err) {
    if (hasCode(err, "not-found") || hasCode(err, "invalid-input")) notFound();
    throw err;
  }
  const { incident: i, flags } = got;
  const t = access.tenant.id;
  const base = `/${encodeURIComponent(t)}`;
  const triage = access.can("flags:triage") && i.status !== "closed";
  return (
    <>
      <div className="page-head">
        <div>
          <p className="small">
            <Link href={`${base}/incidents`}>← Incidents</Link>
          </p>
          <h1 className="row" style={{ gap: 8 }}>
            <SeverityBadge severity={i.severity} /> {visible(i.title)}
          </h1>
          <p>
            <IncidentClockText
              state={i.clock.state}
              remainingMs={i.clock.remainingMs}
              deadline={i.clock.deadline.toISOString()}
            />
          </p>
        </div>
      </div>
      <div className="stack">
        <section className="panel small" aria-label="Dates">
          <div className="row">
            <span>Status {i.status}</span>
            <span>
              Detected <Time iso={i.detectedAt.toISOString()} tz="utc" />
            </span>
            <span>
              Aware <Time iso={i.awareAt.toISOString()} tz="utc" />
            </span>
            <span>
              Authority notified{" "}
              {i.notifiedAuthorityAt ? (
                <Time iso={i.notifiedAuthorityAt.toISOString()} tz="utc" />
              ) : (
                "not yet"
              )}
            </span>
            {i.closedAt ? (
              <span>
                Closed <Time iso={i.closedAt.toISOString()} tz="utc" />
              </span>
            ) : null}
          </div>
          {i.note ? <pre className="json">{visible(i.note)}</pre> : null}
        </section>
        {triage ? (
          <section className="panel stack" aria-label="Actions">
            {!i.notifiedAuthorityAt ? (
              <ActionForm
                action={notifyAuthorityAction.bind(null, t, i.id)}
                submit="Record authority notified"
              >
                <label className="stack small" style={{ gap: 2 }}>
                  When (UTC, empty: now)
                  <input type="datetime-local" name="at" />
                </label>
              </ActionForm>
            ) : null}
            <ActionForm action={closeIncidentAction.bind(null, t, i.id)} submit="Close incident">
              <label className="stack small" style={{ gap: 2 }}>
                How it ended (a note for the record)
                <textarea name="note" rows={2} required maxLength={2000} />
              </label>
            </ActionForm>
          </section>
        ) : null}
        <section className="panel" aria-label="Flags">
          <h2>Flags ({flags.length})</h2>
          <ul>
            {flags.map((f) => (
              <li key={f.id}>
                <SeverityBadge severity={f.severity} /> <StatusBadge status={f.status} />{" "}
                <Link href={`${base}/flags/${encodeURIComponent(f.id)}`}>
                  {visible(f.sentence)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
