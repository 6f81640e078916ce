import { z } from "zod";
import { FACET_DIMENSIONS } from "../../../db/store/event-facets";
import type { EventFacets } from "../../../db/store/types";
import { limitView, toEventFilter, viewQuery } from "../../queries/filters";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { viewSchema } from "./view-schema";

export type { EventFacets, EventTotal, Facet } from "../../../db/store/types";

/** Values shown per facet. */
export const FACET_LIMIT = 5;
/**
 * Where no rollup answers (a query with free text, negations or payload terms; actors or clients
 * of one tool), facets count the newest FACET_SAMPLE matching events and the total stops at
 * FACET_CAP ("at least"). Sized so that such a read over 30 days stays within the explorer's read
 * times (docs/performance.md#explorer-facets-and-totals).
 */
export const FACET_SAMPLE = 10_000;
export const FACET_CAP = 50_000;

export const readEventFacetsInput = z.object({ view: viewSchema });

/**
 * The explorer's total and facets (actor, tool, server, client, outcome, verdict) over the same
 * filter as its rows: range, filters, query and activity. The query is limited as the rows' is
 * (a role without `events:payload` cannot count by payload terms: match counts would reveal
 * content). Audited as `events.facets` with the view and the total.
 */
export async function readEventFacets({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readEventFacetsInput>;
}): Promise<EventFacets> {
  const { view: asked } = parseInput(readEventFacetsInput, input);
  requirePermission(ctx, "events:read");
  const view = limitView(asked, ctx.can("events:payload"));
  const facets = await ctx.data.facets(toEventFilter(view), {
    dimensions: FACET_DIMENSIONS,
    limit: FACET_LIMIT,
    sample: FACET_SAMPLE,
    cap: FACET_CAP,
  });
  await audit(ctx, {
    action: "events.facets",
    details: {
      query: viewQuery(view),
      total: facets.total.count,
      ...(facets.total.exact ? {} : { atLeast: true }),
    },
  });
  return facets;
}
