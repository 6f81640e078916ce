import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { requireMayChange, viewIdSchema, visibleView } from "./view-common";

export const deleteViewInput = z.object({ id: viewIdSchema });

/** Deletes a view (its creator, or an owner or admin for a shared one). Audited as `view.deleted`. */
export async function deleteView({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof deleteViewInput>;
}): Promise<{ id: string }> {
  requirePermission(ctx, "views:write");
  const { id } = parseInput(deleteViewInput, input);
  const view = await visibleView(ctx, id);
  await requireMayChange(ctx, view, "view.deleted");
  if (!(await ctx.data.views.delete(id)))
    throw new TooltrailError("not-found", `no saved view ${id}`);
  await audit(ctx, {
    action: "view.deleted",
    details: { view_id: id, name: view.name, visibility: view.visibility, owner: view.ownerLabel },
  });
  return { id };
}
