import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { type AuditActor, auditEvent } from "@/lib/auth/audit";
import { type ExplorerColumn, loadEventsPage, PAGE_SIZES } from "@/lib/queries/events";
import { type SortState, toEventFilter, type ViewState, viewQuery } from "@/lib/queries/filters";
import type { OverviewStore } from "@/lib/queries/overview";
import { sortingLinks } from "@/lib/queries/sort-links";
import { COLUMN_LABELS } from "./column-labels";
import { EventsTable } from "./events-table";

/** The explorer's data part: one server-side page, streamed behind a skeleton, audited. */
export async function EventsBody(p: {
  store: OverviewStore;
  tenantId: string;
  actor: AuditActor;
  view: ViewState;
  sort: SortState;
  size: number;
  cursor: string | undefined;
  keep: Record<string, string>;
  hidden: readonly ExplorerColumn[];
}) {
  const { view, sort, size, cursor, keep } = p;
  const page = await loadEventsPage(p.store, {
    ...toEventFilter(view),
    limit: size,
    sort: sort.sort,
    order: sort.dir,
    ...(cursor ? { cursor } : {}),
  });
  await auditEvent(p.tenantId, p.actor, {
    action: "events.list",
    details: {
      query: viewQuery(view),
      sort: sort.sort,
      dir: sort.dir,
      ...(cursor ? { cursor } : {}),
      rows: page.rows.length,
      ...(page.badCursor ? { refused: page.badCursor } : {}),
    },
  });
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
        tenant={p.tenantId}
        tz={view.tz}
        hidden={p.hidden}
        sorting={sortingLinks(sort, href)}
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
