import Link from "next/link";
import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { readQuarantine } from "@/lib/services/reads/quarantine";

export const metadata = { title: "Quarantine" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function QuarantinePage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "quarantine:read", `/${tenant}/quarantine`);
  const sp = await searchParams;
  const tz = sp.tz === "local" ? "local" : "utc";
  const before =
    typeof sp.before === "string" && /^\d{1,15}$/.test(sp.before) ? Number(sp.before) : undefined;
  const { rows: page, older } = await readQuarantine({
    ctx: tenantCtx(access),
    input: before ? { before } : {},
  });
  const path = `/${encodeURIComponent(access.tenant.id)}/quarantine`;
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
      {page.length === 0 ? (
        <div className="panel">
          <EmptyState title={before ? "No older rejected events" : "Nothing quarantined"}>
            <p>Every event sent so far passed validation.</p>
          </EmptyState>
        </div>
      ) : (
        <div className="stack">
          {page.map((q) => (
            <section key={q.seq} className="panel" data-testid="quarantined">
              <div className="row" style={{ justifyContent: "space-between" }}>
                <strong style={{ overflowWrap: "anywhere" }}>
                  {visible(q.eventId) ?? "(no id)"}
                </strong>
                <span className="small muted">
                  <Time iso={q.receivedAt} tz={tz} /> · key <code>{q.ingestKeyId}</code> · request{" "}
                  <code>{q.requestId.slice(0, 8)}</code> #{q.eventIndex} · {q.rawBytes} bytes
                </span>
              </div>
              <ul className="small" style={{ margin: "8px 0" }}>
                {q.errors.map((e) => (
                  <li key={`${e.path}:${e.message}`}>
                    <code>{visible(e.path) || "(event)"}</code> {visible(e.message)}
                  </li>
                ))}
              </ul>
              <details>
                <summary className="small" style={{ cursor: "pointer" }}>
                  Raw content
                </summary>
                <pre className="json" style={{ marginTop: 8 }}>
                  {q.raw.length > 4096
                    ? `${visible(q.raw.slice(0, 4096))}… (${q.raw.length - 4096} more characters)`
                    : visible(q.raw)}
                </pre>
              </details>
            </section>
          ))}
          <nav className="row" style={{ justifyContent: "flex-end" }}>
            {before ? (
              <Link className="btn" href={path}>
                ⇤ Newest
              </Link>
            ) : null}
            {older !== null ? (
              <Link className="btn" href={`${path}?before=${older}`}>
                Older →
              </Link>
            ) : null}
          </nav>
        </div>
      )}
    </>
  );
}
