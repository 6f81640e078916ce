import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import type { ExplorerColumn } from "../../queries/events";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { explorerState } from "./create";
import {
  hiddenSchema,
  isTaken,
  nameTaken,
  ownerOf,
  readState,
  refused,
  requireMayChange,
  requireQueryAllowed,
  summarize,
  type ViewSummary,
  viewIdSchema,
  viewNameSchema,
  visibilitySchema,
  visibleView,
} from "./view-common";

export const updateViewInput = z.object({
  id: viewIdSchema,
  name: viewNameSchema.optional(),
  visibility: visibilitySchema.optional(),
  /** The explorer's query string to save as the view's state (with `hidden`): "update view". */
  explorer: z.string().max(16_384).optional(),
  hidden: hiddenSchema.optional(),
});

/**
 * Renames a view, shares or unshares it, or replaces its state with the explorer's current one.
 * Only its creator may, or an organisation's owner or admin for a shared view. Audited as
 * `view.updated` with what changed.
 */
export async function updateView({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof updateViewInput>;
}): Promise<ViewSummary> {
  requirePermission(ctx, "views:write");
  const { id, name, visibility, explorer, hidden } = parseInput(updateViewInput, input);
  const view = await visibleView(ctx, id);
  await requireMayChange(ctx, view, "view.updated");
  // Unsharing someone else's view would hide it from everyone, them included: only its creator.
  if (visibility === "private" && view.visibility === "shared" && view.ownerId !== ownerOf(ctx).id)
    throw await refused(
      ctx,
      "view.updated",
      view,
      "only its creator may make a shared view private",
    );
  const state =
    explorer !== undefined
      ? explorerState(explorer, (hidden ?? readState(view).hidden) as ExplorerColumn[], ctx.now())
      : hidden !== undefined
        ? { ...readState(view), hidden: hidden as ExplorerColumn[] }
        : undefined;
  if (state) requireQueryAllowed(ctx, state);
  const out = await ctx.data.views.update(id, {
    ...(name !== undefined ? { name } : {}),
    ...(visibility !== undefined ? { visibility } : {}),
    ...(state ? { state } : {}),
    updatedAt: ctx.now(),
    updatedBy: ownerOf(ctx).label,
  });
  if (out === null) throw new TooltrailError("not-found", `no saved view ${id}`);
  if (isTaken(out)) throw nameTaken(ctx, name ?? view.name, visibility ?? view.visibility);
  const changed: Record<string, unknown> = {};
  if (name !== undefined && name !== view.name) changed.renamed_from = view.name;
  if (visibility !== undefined && visibility !== view.visibility)
    changed.visibility = { from: view.visibility, to: visibility };
  if (state) changed.query = state.q;
  await audit(ctx, {
    action: "view.updated",
    details: { view_id: id, name: out.name, ...changed },
  });
  return summarize(ctx, out);
}
