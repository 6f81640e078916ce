import { redirect } from "next/navigation";
import { Suspense } from "react";
import { guardPage } from "@/app/_lib/guard";
import { readPageParams } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { EventsBody } from "@/components/events/events-body";
import { FacetsLayout } from "@/components/events/facets-panel";
import { ActivitySwitch } from "@/components/overview/activity-switch";
import { ViewToolbar } from "@/components/overview/view-toolbar";
import { BadRequest } from "@/components/ui/bad-request";
import { TableSkeleton } from "@/components/ui/skeletons";
import {
  EXPLORER_COLUMNS,
  type ExplorerColumn,
  type PageSize,
  parseCursorParam,
  parsePageSize,
} from "@/lib/queries/events";
import {
  limitView,
  parseSort,
  parseView,
  type SortState,
  sortParams,
  type ViewState,
  viewQuery,
} from "@/lib/queries/filters";
import { onlyViewParam, savedViewParam } from "@/lib/queries/saved-view-state";
import type { TenantCtx } from "@/lib/services/context";
import { readEventsPage, readHiddenColumns } from "@/lib/services/reads/events-page";
import { openedViewHref } from "@/lib/services/views/open";
import { saveExplorerColumnsAction } from "./actions";
import { ExplorerFacets, ExplorerTotal } from "./facets-section";
import { openViewParam, SavedViewsSection } from "./saved-views-section";

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
    savedView: savedViewParam(p),
    bareView: onlyViewParam(p),
  }));
  if (!input.ok) return <BadRequest message={input.message} back={`${base}/events`} />;
  const { sort, size, cursor } = input.value;
  const view = limitView(input.value.view, access.can("events:payload"));
  const ctx = tenantCtx(access);
  // An open saved view brings its columns; otherwise the member's own choice.
  const opened = await openViewParam(ctx, input.value.savedView);
  // `?view=<id>` alone is a view's link too: it opens with the view's parameters.
  if (opened && input.value.bareView) redirect(openedViewHref(ctx.tenant.id, opened));
  const hidden = opened?.state.hidden ?? (await readHiddenColumns({ ctx }));
  const sortKeep = Object.fromEntries(
    Object.entries(sortParams(sort)).filter((e): e is [string, string] => e[1] !== null),
  );
  const viewKeep: Record<string, string> = {
    ...sortKeep,
    ...(size !== 50 ? { size: String(size) } : {}),
  };
  const keep = opened ? { ...viewKeep, view: opened.view.id } : viewKeep;
  const q = viewQuery(view);
  const exportQuery = new URLSearchParams({ ...sortKeep }).toString();
  const sortLabel = EXPLORER_COLUMNS.find((c) => c.sort === sort.sort)?.label ?? "Time";
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Events</h1>
          <p data-testid="sort-description">
            {view.activity === "dashboard" ? "Tooltrail's own activity" : "Every stored tool call"},{" "}
            {sort.sort === "time"
              ? sort.dir === "desc"
                ? "newest first"
                : "oldest first"
              : `by ${sortLabel.toLowerCase()} (${sort.dir === "asc" ? "ascending" : "descending"}, none last)`}
            . Click a column header to sort, a row for its full record.
          </p>
          <p data-testid="explorer-total">
            <Suspense fallback={<span className="muted">Counting…</span>}>
              <ExplorerTotal ctx={ctx} view={view} />
            </Suspense>
          </p>
        </div>
        <div className="row">
          <ActivitySwitch path={`${base}/events`} view={view} extra={keep} />
          {access.can("events:export") ? (
            <>
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
            </>
          ) : null}
        </div>
      </div>
      <SavedViewsSection
        ctx={ctx}
        opened={opened}
        view={view}
        sort={sort}
        size={size}
        hidden={hidden}
        keep={viewKeep}
      />
      <ViewToolbar
        path={`${base}/events`}
        view={view}
        extra={keep}
        search={access.can("events:payload")}
      />
      <FacetsLayout
        aside={
          <Suspense
            key={q}
            fallback={<aside className="panel muted small">Counting values…</aside>}
          >
            <ExplorerFacets ctx={ctx} view={view} path={`${base}/events`} keep={keep} />
          </Suspense>
        }
      >
        <Suspense
          key={`${q}|${sort.sort}|${sort.dir}|${size}|${cursor ?? ""}`}
          fallback={<TableSkeleton />}
        >
          <Explorer
            ctx={ctx}
            view={view}
            sort={sort}
            size={size}
            cursor={cursor}
            keep={keep}
            hidden={hidden}
          />
        </Suspense>
      </FacetsLayout>
    </>
  );
}

/** The explorer's page of rows, read (and audited) behind the skeleton. */
async function Explorer(p: {
  ctx: TenantCtx;
  view: ViewState;
  sort: SortState;
  size: PageSize;
  cursor: string | undefined;
  keep: Record<string, string>;
  hidden: ExplorerColumn[];
}) {
  const { ctx, view, sort, size, cursor } = p;
  const page = await readEventsPage({
    ctx,
    input: { view, sort, size, ...(cursor ? { cursor } : {}) },
  });
  return (
    <EventsBody
      page={page}
      tenantId={ctx.tenant.id}
      view={view}
      sort={sort}
      size={size}
      cursor={cursor}
      keep={p.keep}
      hidden={p.hidden}
      saveColumns={saveExplorerColumnsAction}
    />
  );
}
