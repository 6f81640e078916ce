import Link from "next/link";
import { RangeControls } from "@/components/overview/range-controls";
import { PAGE_SIZES } from "@/lib/queries/events";
import { type QuarantineView, quarantineQuery } from "@/lib/queries/quarantine";

/** Hidden inputs carrying the view's parameters, except those the form sets itself. */
function Keep({ q, over }: { q: QuarantineView; over: Record<string, string | null> }) {
  return [...new URLSearchParams(quarantineQuery(q, over)).entries()].map(([k, v]) => (
    <input key={k} type="hidden" name={k} value={v} />
  ));
}

/**
 * The explorer's range controls (the same component and parameters) and the
 * filters a rejected event has: ingest key, event id, text of an error. Any change starts again
 * at the newest page, so no cursor is carried.
 */
export function QuarantineToolbar({ path, q }: { path: string; q: QuarantineView }) {
  const view = q.view;
  return (
    <div className="stack" style={{ gap: 8, marginBottom: 14 }}>
      <div className="toolbar" role="toolbar" aria-label="Time range">
        <RangeControls path={path} range={view} query={(over) => quarantineQuery(q, over)} />
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
