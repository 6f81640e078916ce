import { Suspense } from "react";
import { guardPage } from "@/app/_lib/guard";
import { readPageParams } from "@/app/_lib/params";
import { EventsBody } from "@/components/events/events-body";
import { ViewToolbar } from "@/components/overview/view-toolbar";
import { BadRequest } from "@/components/ui/bad-request";
import { TableSkeleton } from "@/components/ui/skeletons";
import { EXPLORER_COLUMNS, parseCursorParam, parsePageSize } from "@/lib/queries/events";
import { hiddenExplorerColumns } from "@/lib/queries/explorer-columns";
import { limitView, parseSort, parseView, sortParams, viewQuery } from "@/lib/queries/filters";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";

export const metadata = { title: "Events" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function EventsPage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "events:read", `/${tenant}/events`);
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const input = readPageParams(await searchParams, (p) => ({
    view: parseView(p),
    sort: parseSort(p),
    size: parsePageSize(p),
    cursor: parseCursorParam(p),
  }));
  if (!input.ok) return <BadRequest message={input.message} back={`${base}/events`} />;
  const { sort, size, cursor } = input.value;
  const view = limitView(input.value.view, access.can("events:payload"));
  const hidden = await hiddenExplorerColumns(dashboardRuntime().store, access.user.id);
  const sortKeep = Object.fromEntries(
    Object.entries(sortParams(sort)).filter((e): e is [string, string] => e[1] !== null),
  );
  const keep: Record<string, string> = {
    ...sortKeep,
    ...(size !== 50 ? { size: String(size) } : {}),
  };
  const q = viewQuery(view);
  const exportQuery = new URLSearchParams({ ...sortKeep }).toString();
  const sortLabel = EXPLORER_COLUMNS.find((c) => c.sort === sort.sort)?.label ?? "Time";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Events</h1>
          <p data-testid="sort-description">
            Every stored tool call,{" "}
            {sort.sort === "time"
              ? sort.dir === "desc"
                ? "newest first"
                : "oldest first"
              : `by ${sortLabel.toLowerCase()} (${sort.dir === "asc" ? "ascending" : "descending"}, none last)`}
            . Click a column header to sort, a row for its full record.
          </p>
        </div>
        {access.can("events:export") ? (
          <div className="row">
            <a
              className="btn"
              href={`${base}/export?${q}&format=csv${exportQuery ? `&${exportQuery}` : ""}`}
              data-testid="export-csv"
            >
              Export CSV
            </a>
            <a
              className="btn"
              href={`${base}/export?${q}&format=ndjson${exportQuery ? `&${exportQuery}` : ""}`}
              data-testid="export-ndjson"
            >
              Export NDJSON
            </a>
          </div>
        ) : null}
      </div>
      <ViewToolbar
        path={`${base}/events`}
        view={view}
        extra={keep}
        search={access.can("events:payload")}
      />
      <Suspense
        key={`${q}|${sort.sort}|${sort.dir}|${size}|${cursor ?? ""}`}
        fallback={<TableSkeleton />}
      >
        <EventsBody
          store={access.store}
          tenantId={access.tenant.id}
          actor={access.actor}
          view={view}
          sort={sort}
          size={size}
          cursor={cursor}
          keep={keep}
          hidden={hidden}
        />
      </Suspense>
    </>
  );
}
