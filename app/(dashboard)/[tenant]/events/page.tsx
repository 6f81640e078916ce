import Link from "next/link";
import { guardPage } from "@/app/_lib/guard";
import { EventsTable } from "@/components/events/events-table";
import { ViewToolbar } from "@/components/overview/view-toolbar";
import { EmptyState } from "@/components/ui/empty-state";
import { InvalidCursorError } from "@/db/store/cursor";
import { auditEvent } from "@/lib/auth/audit";
import { loadEventsPage, PAGE_SIZES } from "@/lib/queries/events";
import { parseView, toEventFilter, viewQuery } from "@/lib/queries/filters";

export const metadata = { title: "Events" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function EventsPage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "events:read", `/${tenant}/events`);
  const sp = await searchParams;
  const view = parseView(sp);
  const order = sp.order === "asc" ? "asc" : "desc";
  const size = PAGE_SIZES.find((s) => String(s) === sp.size) ?? 50;
  const cursor = typeof sp.cursor === "string" && sp.cursor.length < 512 ? sp.cursor : undefined;
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const path = `${base}/events`;
  const keep = {
    ...(order === "asc" ? { order: "asc" } : {}),
    ...(size !== 50 ? { size: String(size) } : {}),
  };
  let page: Awaited<ReturnType<typeof loadEventsPage>> | null = null;
  let badCursor = false;
  try {
    page = await loadEventsPage(access.store, {
      ...toEventFilter(view),
      limit: size,
      order,
      ...(cursor ? { cursor } : {}),
    });
  } catch (err) {
    if (!(err instanceof InvalidCursorError)) throw err;
    badCursor = true;
  }
  await auditEvent(access.tenant.id, access.actor, {
    action: "events.list",
    details: {
      query: viewQuery(view),
      order,
      ...(cursor ? { cursor } : {}),
      rows: page?.rows.length ?? 0,
    },
  });
  const q = viewQuery(view);
  const first = `${path}?${viewQuery(view, keep)}`;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Events</h1>
          <p>Every stored tool call, newest first. Click a row for its full record.</p>
        </div>
        {access.can("events:export") ? (
          <div className="row">
            <a
              className="btn"
              href={`${base}/export?${q}&format=csv&order=${order}`}
              data-testid="export-csv"
            >
              Export CSV
            </a>
            <a
              className="btn"
              href={`${base}/export?${q}&format=ndjson&order=${order}`}
              data-testid="export-ndjson"
            >
              Export NDJSON
            </a>
          </div>
        ) : null}
      </div>
      <ViewToolbar path={path} view={view} extra={keep} />
      {badCursor ? (
        <div className="error-box">
          This page link is no longer valid. <Link href={first}>Go to the first page</Link>.
        </div>
      ) : page && page.rows.length === 0 ? (
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
      ) : page ? (
        <>
          <EventsTable
            rows={page.rows}
            tenant={access.tenant.id}
            userId={access.user.id}
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
      ) : null}
    </>
  );
}
