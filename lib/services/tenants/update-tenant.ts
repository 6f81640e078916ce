import { z } from "zod";
import type { AdminCtx } from "../admin-error";
import { requireTenant, tenantIdSchema } from "./tenant-id";

export const updateTenantInput = z.object({
  id: tenantIdSchema,
  retention_days: z.number().int().min(1).max(36_500).nullable().optional(),
  legal_hold: z.boolean().optional(),
});

/** Retention period (null keeps everything) and the tenant-wide legal hold. */
export async function updateTenant({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof updateTenantInput>;
}) {
  await requireTenant(ctx, input.id);
  await ctx.store.admin.setTenantRetention(input.id, {
    ...(input.retention_days !== undefined ? { retentionDays: input.retention_days } : {}),
    ...(input.legal_hold !== undefined ? { legalHold: input.legal_hold } : {}),
  });
  const t = await requireTenant(ctx, input.id);
  return { id: t.id, retention_days: t.retentionDays, legal_hold: t.legalHold };
}
