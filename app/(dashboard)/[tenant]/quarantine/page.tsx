import Link from "next/link";
import { guardPage } from "@/app/_lib/guard";
import { readPageParams } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { QuarantineToolbar } from "@/components/quarantine/quarantine-toolbar";
import { QuarantinedRow } from "@/components/quarantine/quarantined-row";
import { BadRequest } from "@/components/ui/bad-request";
import { EmptyState } from "@/components/ui/empty-state";
import { parseQuarantineView, quarantineQuery } from "@/lib/queries/quarantine";
import { readQuarantine } from "@/lib/services/reads/quarantine";

export const metadata = { title: "Quarantine" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function QuarantinePage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "quarantine:read", `/${tenant}/quarantine`);
  const path = `/${encodeURIComponent(access.tenant.id)}/quarantine`;
  const input = readPageParams(await searchParams, (p) => parseQuarantineView(p));
  if (!input.ok) return <BadRequest message={input.message} back={path} />;
  const q = input.value;
  const { rows, total, older, newer } = await readQuarantine({
    ctx: tenantCtx(access),
    input: {
      from: q.view.from,
      to: q.view.to,
      size: q.size,
      ...(q.key ? { key: q.key } : {}),
      ...(q.eventId ? { eventId: q.eventId } : {}),
      ...(q.error ? { error: q.error } : {}),
      ...(q.before !== undefined ? { before: q.before } : {}),
      ...(q.after !== undefined ? { after: q.after } : {}),
    },
  });
  const paged = q.before !== undefined || q.after !== undefined;
  const filtered = Boolean(q.key || q.eventId || q.error);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Quarantine</h1>
          <p>
            Events the ingest API refused, kept as evidence with the reasons. Raw content is shown
            as text, exactly as received.
          </p>
        </div>
      </div>
      <QuarantineToolbar path={path} q={q} />
      <p className="small muted" data-testid="quarantine-total">
        {total.toLocaleString("en")} rejected event{total === 1 ? "" : "s"} received in this range
        {filtered ? " matching the filters" : ""}
      </p>
      {rows.length === 0 ? (
        <div className="panel">
          <EmptyState title={paged ? "No more rejected events" : "Nothing quarantined"}>
            <p>
              {filtered
                ? "No rejected event in this range matches the filters."
                : "Every event received in this range passed validation."}
            </p>
          </EmptyState>
        </div>
      ) : (
        <div className="stack">
          {rows.map((r) => (
            <QuarantinedRow key={r.seq} q={r} tz={q.view.tz} />
          ))}
        </div>
      )}
      <nav className="row" style={{ justifyContent: "flex-end", marginTop: 12 }} aria-label="Pages">
        {paged ? (
          <Link className="btn" href={`${path}?${quarantineQuery(q)}`}>
            ⇤ Newest
          </Link>
        ) : null}
        {newer !== null ? (
          <Link className="btn" href={`${path}?${quarantineQuery(q, { after: String(newer) })}`}>
            ← Newer
          </Link>
        ) : null}
        {older !== null ? (
          <Link className="btn" href={`${path}?${quarantineQuery(q, { before: String(older) })}`}>
            Older →
          </Link>
        ) : null}
      </nav>
    </>
  );
}
