import { cache } from "react";
import { FacetsPanel, MatchCount } from "@/components/events/facets-panel";
import type { ViewState } from "@/lib/queries/filters";
import type { TenantCtx } from "@/lib/services/context";
import { readEventFacets } from "@/lib/services/reads/event-facets";

/**
 * One facets read per request (and one `events.facets` audit event), shared by the header's
 * total and the panel beside the rows: both pass the page's own ctx and view objects.
 */
const loadFacets = cache((ctx: TenantCtx, view: ViewState) =>
  readEventFacets({ ctx, input: { view } }),
);

/** The explorer header's count of matching events, read behind its own fallback. */
export async function ExplorerTotal(p: { ctx: TenantCtx; view: ViewState }) {
  return <MatchCount total={(await loadFacets(p.ctx, p.view)).total} />;
}

/** The counts per value beside the explorer's rows. */
export async function ExplorerFacets(p: {
  ctx: TenantCtx;
  view: ViewState;
  path: string;
  keep: Record<string, string>;
}) {
  const facets = await loadFacets(p.ctx, p.view);
  return <FacetsPanel facets={facets} view={p.view} path={p.path} keep={p.keep} />;
}
