import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { type AuditActor, auditEvent } from "@/lib/auth/audit";
import { loadEventsPage, PAGE_SIZES } from "@/lib/queries/events";
import { toEventFilter, type ViewState, viewQuery } from "@/lib/queries/filters";
import type { OverviewStore } from "@/lib/queries/overview";
import { EventsTable } from "./events-table";

/** The explorer's data part: one server-side page, streamed behind a skeleton, audited. */
export async function EventsBody(p: {
  store: OverviewStore;
  tenantId: string;
  userId: string;
  actor: AuditActor;
  view: ViewState;
  order: "asc" | "desc";
  size: number;
  cursor: string | undefined;
  keep: Record<string, string>;
}) {
  const { view, order, size, cursor, keep } = p;
  const page = await loadEventsPage(p.store, {
    ...toEventFilter(view),
    limit: size,
    order,
    ...(cursor ? { cursor } : {}),
  });
  await auditEvent(p.tenantId, p.actor, {
    action: "events.list",
    details: {
      query: viewQuery(view),
      order,
      ...(cursor ? { cursor } : {}),
      rows: page.rows.length,
    },
  });
  const path = `/${encodeURIComponent(p.tenantId)}/events`;
  const first = `${path}?${viewQuery(view, keep)}`;
  if (page.badCursor)
    return (
      <div className="error-box">
        This page link is no longer valid. <Link href={first}>Go to the first page</Link>.
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
        rows={page.rows}
        tenant={p.tenantId}
        userId={p.userId}
        tz={view.tz}
        order={order}
        orderHref={`${path}?${viewQuery(view, { ...keep, order: order === "desc" ? "asc" : null })}`}
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
              href={`${path}?${viewQuery(view, { ...keep, size: s === 50 ? null : String(s) })}`}
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
            <Link
              className="btn"
              href={`${path}?${viewQuery(view, { ...keep, cursor: page.nextCursor })}`}
              data-testid="next-page"
            >
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
