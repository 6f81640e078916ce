import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { DEFAULT_ACTIVITY } from "@/lib/queries/activity";
import { type ExplorerColumn, PAGE_SIZES } from "@/lib/queries/events";
import { type SortState, type ViewState, viewQuery } from "@/lib/queries/filters";
import { sortingLinks } from "@/lib/queries/sort-links";
import type { EventsPage } from "@/lib/services/reads/events-page";
import { COLUMN_LABELS } from "./column-labels";
import { EventsTable, type SaveColumns } from "./events-table";

/** The explorer's data part: one server-side page (the explorer read), with its page links. */
export function EventsBody(p: {
  page: EventsPage;
  tenantId: string;
  view: ViewState;
  sort: SortState;
  size: number;
  cursor: string | undefined;
  keep: Record<string, string>;
  hidden: readonly ExplorerColumn[];
  saveColumns: SaveColumns;
}) {
  const { page, view, sort, size, cursor, keep } = p;
  const path = `/${encodeURIComponent(p.tenantId)}/events`;
  const href = (over: Record<string, string | null>) =>
    `${path}?${viewQuery(view, { ...keep, ...over })}`;
  const first = href({});
  if (page.badCursor)
    return (
      <div className="error-box" role="alert" data-testid="bad-cursor">
        This page link cannot be used: {page.badCursor}.{" "}
        <Link href={first}>Go to the first page</Link>.
      </div>
    );
  if (page.rows.length === 0)
    return (
      <div className="panel">
        <EmptyState title={cursor ? "No more events" : "No events match"}>
          <p>
            {cursor ? (
              <Link href={first}>Back to the first page</Link>
            ) : (
              "Widen the time range, clear filters or change the search."
            )}
          </p>
        </EmptyState>
      </div>
    );
  return (
    <>
      <EventsTable
        labels={COLUMN_LABELS}
        rows={page.rows}
        {...(page.flagged ? { flagged: page.flagged } : {})}
        tenant={p.tenantId}
        tz={view.tz}
        hidden={p.hidden}
        saveColumns={p.saveColumns}
        sorting={sortingLinks(sort, href)}
        {...(view.activity !== DEFAULT_ACTIVITY
          ? { entitySearch: `activity=${view.activity}` }
          : {})}
      />
      <nav
        className="row"
        style={{ marginTop: 12, justifyContent: "space-between" }}
        aria-label="Pages"
      >
        <span className="muted small">
          {page.rows.length} events on this page ·{" "}
          {PAGE_SIZES.map((s) => (
            <Link
              key={s}
              href={href({ size: s === 50 ? null : String(s) })}
              style={{ marginRight: 6, fontWeight: s === size ? 700 : 400 }}
            >
              {s}
            </Link>
          ))}
          per page
        </span>
        <span className="row">
          {cursor ? (
            <Link className="btn" href={first}>
              ⇤ First page
            </Link>
          ) : null}
          {page.nextCursor ? (
            <Link className="btn" href={href({ cursor: page.nextCursor })} data-testid="next-page">
              Next page →
            </Link>
          ) : (
            <span className="muted small">End of results</span>
          )}
        </span>
      </nav>
    </>
  );
}
