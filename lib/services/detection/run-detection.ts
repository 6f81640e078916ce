import { z } from "zod";
import { detectTenant, type TenantRun } from "../../detect/run-tenant";
import type { ServiceCtx } from "../context";
import { requireTenant, tenantIdSchema } from "../tenants/tenant-id";

export const runDetectionInput = z.object({
  tenant: tenantIdSchema.optional(),
  /**
   * Engine steps per tenant at most (default 200); a tenant not caught up says so and the caller
   * runs again, so one call through the server's admin endpoint stays short.
   */
  steps: z.number().int().min(1).max(10_000).default(200),
});

/**
 * `tooltrail detect run`: brings one tenant's detection, or every tenant's, up to date now, for
 * an external scheduler (cron) or a test; the server's own scheduler does the same every
 * DETECTION_INTERVAL_SECONDS. An operator's operation (the registry runs it as the operator);
 * it writes no audit event: it reads nothing a person sees and changes only the engine's rows.
 */
export async function runDetection({
  ctx,
  input,
}: {
  ctx: Pick<ServiceCtx, "store" | "now">;
  input: z.input<typeof runDetectionInput>;
}): Promise<TenantRun[]> {
  const q = runDetectionInput.parse(input);
  const tenants = q.tenant
    ? [await requireTenant(ctx, q.tenant)]
    : await ctx.store.admin.listTenants();
  const out: TenantRun[] = [];
  for (const t of tenants)
    out.push(
      await detectTenant({
        data: ctx.store.forTenant(t.id),
        now: () => ctx.now(),
        maxSteps: q.steps,
      }),
    );
  return out;
}
