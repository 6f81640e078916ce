import { z } from "zod";
import type { ServiceCtx } from "../context";
import { requireTenant, tenantIdSchema } from "./tenant-id";

export const updateTenantInput = z.object({
  id: tenantIdSchema,
  retention_days: z.number().int().min(1).max(36_500).nullable().optional(),
  legal_hold: z.boolean().optional(),
});

/**
 * Retention period (null keeps everything) and the tenant-wide legal hold: both decide what
 * evidence survives, so each change is recorded in the tenant with its before and after.
 */
export async function updateTenant({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: z.infer<typeof updateTenantInput>;
}) {
  const before = await requireTenant(ctx, input.id);
  await ctx.store.admin.setTenantRetention(input.id, {
    ...(input.retention_days !== undefined ? { retentionDays: input.retention_days } : {}),
    ...(input.legal_hold !== undefined ? { legalHold: input.legal_hold } : {}),
  });
  const t = await requireTenant(ctx, input.id);
  await ctx.audit(t.id, ctx.actor, {
    action: "tenant.updated",
    details: {
      from: { retention_days: before.retentionDays, legal_hold: before.legalHold },
      to: { retention_days: t.retentionDays, legal_hold: t.legalHold },
    },
  });
  return { id: t.id, retention_days: t.retentionDays, legal_hold: t.legalHold };
}
