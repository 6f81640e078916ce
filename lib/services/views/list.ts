import { requirePermission, type TenantCtx } from "../context";
import { ownerOf, summarize, type ViewSummary } from "./view-common";

/**
 * The saved views the actor may open: the organisation's shared views and their own private
 * ones, by name. Not audited: it lists names and queries the actor may already run, no evidence.
 */
export async function listViews({ ctx }: { ctx: TenantCtx; input?: unknown }): Promise<{
  views: ViewSummary[];
}> {
  requirePermission(ctx, "views:read");
  const rows = await ctx.data.views.list(ownerOf(ctx).id);
  return { views: rows.map((v) => summarize(ctx, v)) };
}
