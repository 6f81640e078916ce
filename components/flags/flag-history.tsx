import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";

export type HistoryRow = { key: string; at: string; by: string; action: string; details: string };

/** What happened to a flag, oldest first: the engine's updates and every triage step. */
export function FlagHistory({ rows }: { rows: HistoryRow[] }) {
  return (
    <section className="panel" aria-label="History">
      <h2>History</h2>
      {rows.length === 0 ? (
        <p className="small muted">No triage yet.</p>
      ) : (
        <ol className="small" data-testid="flag-history">
          {rows.map((h) => (
            <li key={h.key}>
              <Time iso={h.at} tz="utc" /> · <strong>{h.action}</strong> by {visible(h.by)}
              {h.details ? <span className="muted"> · {visible(h.details)}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
