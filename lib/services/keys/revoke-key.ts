import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";

export const revokeKeyInput = z.object({ id: z.string().min(1).max(200) });

/**
 * Revokes an ingest key of the context's tenant. Ingest servers cache key lookups for 5 seconds,
 * so servers stop accepting it within that time.
 */
export async function revokeKey({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof revokeKeyInput>;
}): Promise<{ id: string; revoked: true }> {
  requirePermission(ctx, "keys:manage");
  const { id } = parseInput(revokeKeyInput, input);
  if (!(await ctx.store.admin.revokeIngestKey(ctx.tenant.id, id)))
    throw new TooltrailError(
      "not-found",
      `no active key ${id} in tenant ${ctx.tenant.id}: it is unknown or already revoked`,
    );
  await audit(ctx, { action: "key.revoked", details: { key_id: id } });
  return { id, revoked: true };
}
