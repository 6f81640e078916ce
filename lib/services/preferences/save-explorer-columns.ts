import { TooltrailError } from "../../core/errors";
import { parseHiddenColumns, saveHiddenExplorerColumns } from "../../queries/explorer-columns";
import { requireUser } from "../actor";
import { audit, requirePermission, type TenantCtx } from "../context";

/**
 * Which explorer columns the signed-in user hides: their own preference, kept on the server so
 * every browser shows the same view, audited in the tenant it was made from.
 */
export async function saveExplorerColumns({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: { hidden: FormDataEntryValue | null };
}) {
  requirePermission(ctx, "events:read");
  const parsed = parseHiddenColumns(input.hidden);
  if (!parsed.ok) throw new TooltrailError("invalid-input", parsed.message);
  await saveHiddenExplorerColumns(ctx.store, requireUser(ctx).userId, parsed.hidden);
  await audit(ctx, {
    action: "preferences.columns_saved",
    details: { view: "events", hidden: parsed.hidden },
  });
  return { hidden: parsed.hidden };
}
