import Link from "next/link";
import { PAGE_SIZES } from "@/lib/queries/events";
import { RANGES } from "@/lib/queries/filters";
import { type QuarantineView, quarantineQuery } from "@/lib/queries/quarantine";

const LABELS: Record<string, string> = { "1h": "1 h", "24h": "24 h", "7d": "7 d", "30d": "30 d" };

function isoMinute(d: Date): string {
  return d.toISOString().slice(0, 16);
}

/** Hidden inputs carrying the view's parameters, except those the form sets itself. */
function Keep({ q, over }: { q: QuarantineView; over: Record<string, string | null> }) {
  return [...new URLSearchParams(quarantineQuery(q, over)).entries()].map(([k, v]) => (
    <input key={k} type="hidden" name={k} value={v} />
  ));
}

/**
 * The explorer's range controls (same parameters, links and GET forms, no script) and the
 * filters a rejected event has: ingest key, event id, text of an error. Any change starts again
 * at the newest page, so no cursor is carried.
 */
export function QuarantineToolbar({ path, q }: { path: string; q: QuarantineView }) {
  const view = q.view;
  return (
    <div className="stack" style={{ gap: 8, marginBottom: 14 }}>
      <div className="toolbar" role="toolbar" aria-label="Time range">
        <fieldset className="seg" aria-label="Time range">
          {Object.keys(RANGES).map((r) => (
            <Link
              key={r}
              href={`${path}?${quarantineQuery(q, { range: r, from: null, to: null })}`}
              aria-current={view.range === r ? "true" : undefined}
            >
              {LABELS[r]}
            </Link>
          ))}
        </fieldset>
        <form method="get" action={path} className="row" aria-label="Custom range">
          <Keep q={q} over={{ range: "custom", from: null, to: null }} />
          <input
            type="datetime-local"
            name="from"
            defaultValue={isoMinute(view.from)}
            aria-label="From (UTC)"
          />
          <span className="muted">–</span>
          <input
            type="datetime-local"
            name="to"
            defaultValue={isoMinute(view.to)}
            aria-label="To (UTC)"
          />
          <button className={`btn${view.range === "custom" ? " btn-primary" : ""}`} type="submit">
            Custom (UTC)
          </button>
        </form>
      </div>
      <form method="get" action={path} className="toolbar" aria-label="Filters">
        <Keep q={q} over={{ key: null, event: null, error: null, size: null }} />
        <input name="key" placeholder="ingest key" defaultValue={q.key} aria-label="Ingest key" />
        <input name="event" placeholder="event id" defaultValue={q.eventId} aria-label="Event id" />
        <input
          name="error"
          placeholder="error field or message"
          defaultValue={q.error}
          style={{ minWidth: 200 }}
          aria-label="Error field or message"
        />
        <select name="size" defaultValue={String(q.size)} aria-label="Rows per page">
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s} per page
            </option>
          ))}
        </select>
        <button className="btn btn-primary" type="submit">
          Apply
        </button>
        {q.key || q.eventId || q.error ? (
          <Link
            className="btn"
            href={`${path}?${quarantineQuery(q, { key: null, event: null, error: null })}`}
          >
            Clear filters
          </Link>
        ) : null}
      </form>
    </div>
  );
}
