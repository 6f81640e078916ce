import Link from "next/link";
import { OutcomeBadge } from "@/components/ui/outcome-badge";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";

export type EvidenceRow = {
  id: string;
  href: string;
  time: string;
  actor: string;
  server: string;
  tool: string | null;
  outcome: string;
};

/** The events a flag was raised on, as text (event content is hostile), each opening its page. */
export function FlagEvidence({
  rows,
  missing,
  explorerHref,
}: {
  rows: EvidenceRow[];
  missing: number;
  explorerHref: string | null;
}) {
  return (
    <section className="panel" aria-label="Evidence">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2>Evidence ({rows.length})</h2>
        {explorerHref ? (
          <Link className="btn" href={explorerHref} data-testid="evidence-explorer-link">
            Open in the explorer
          </Link>
        ) : null}
      </div>
      {missing > 0 ? (
        <p className="small muted">
          {missing} evidence event{missing === 1 ? " is" : "s are"} no longer stored (retention).
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Server</th>
              <th>Tool</th>
              <th>Outcome</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} data-testid="evidence-row">
                <td>
                  <Link href={e.href}>
                    <Time iso={e.time} tz="utc" />
                  </Link>
                </td>
                <td>{visible(e.actor)}</td>
                <td>{visible(e.server)}</td>
                <td>{visible(e.tool) ?? "–"}</td>
                <td>
                  <OutcomeBadge outcome={e.outcome} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
