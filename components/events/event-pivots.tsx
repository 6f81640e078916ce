import Link from "next/link";
import { visible } from "@/components/ui/visible";
import type { Pivot } from "@/lib/queries/pivots";

/**
 * One click from the event to every event sharing one of its values, across the range (the
 * explorer with the pivot's query-language term). The page passes only the pivots the reader may
 * use: argument values only to roles that read payloads.
 */
export function EventPivots({
  pivots,
  base,
  range,
}: {
  pivots: Pivot[];
  base: string;
  /** How the range was chosen, said once under the heading. */
  range: string;
}) {
  if (pivots.length === 0) return null;
  return (
    <section className="panel" aria-label="Pivots" data-testid="pivots">
      <h2>Pivot</h2>
      <p className="small muted">{range}</p>
      <ul className="pivots" style={{ listStyle: "none", padding: 0, margin: 0 }}>
        {pivots.map((p) => (
          <li key={p.id} data-pivot={p.id} style={{ overflowWrap: "anywhere", margin: "4px 0" }}>
            {p.href ? <Link href={`${base}${p.href}`}>{p.label} →</Link> : <span>{p.label}</span>}{" "}
            <code className="small">{visible(p.term)}</code>
            {p.href ? null : (
              <span className="small muted"> (too long for a search: copy the value instead)</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
