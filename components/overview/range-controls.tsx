import Link from "next/link";
import { RANGES } from "@/lib/queries/filters";

const LABELS: Record<string, string> = { "1h": "1 h", "24h": "24 h", "7d": "7 d", "30d": "30 d" };

function isoMinute(d: Date): string {
  return d.toISOString().slice(0, 16);
}

/**
 * The preset ranges as links and the custom range as a GET form, shared by every page with a
 * time range (explorer, overview, quarantine). `query(over)` is the page's own query string with
 * `over` applied, so each page keeps its other parameters its own way.
 */
export function RangeControls({
  path,
  range,
  query,
}: {
  path: string;
  range: { range: string; from: Date; to: Date };
  query: (over: Record<string, string | null>) => string;
}) {
  const keep = [...new URLSearchParams(query({ range: "custom", from: null, to: null }))];
  return (
    <>
      <fieldset className="seg" aria-label="Time range">
        {Object.keys(RANGES).map((r) => (
          <Link
            key={r}
            href={`${path}?${query({ range: r, from: null, to: null })}`}
            aria-current={range.range === r ? "true" : undefined}
          >
            {LABELS[r]}
          </Link>
        ))}
      </fieldset>
      <form method="get" action={path} className="row" aria-label="Custom range">
        {keep.map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <input
          type="datetime-local"
          name="from"
          defaultValue={isoMinute(range.from)}
          aria-label="From (UTC)"
        />
        <span className="muted">–</span>
        <input
          type="datetime-local"
          name="to"
          defaultValue={isoMinute(range.to)}
          aria-label="To (UTC)"
        />
        <button className={`btn${range.range === "custom" ? " btn-primary" : ""}`} type="submit">
          Custom (UTC)
        </button>
      </form>
    </>
  );
}
