import { z } from "zod";
import { detectTenant, type TenantRun } from "../../detect/run-tenant";
import type { ServiceCtx } from "../context";
import { requireTenant, tenantIdSchema } from "../tenants/tenant-id";

export const runDetectionInput = z.object({ tenant: tenantIdSchema.optional() });

/** Engine steps one run takes per tenant at most: enough for weeks of backlog at the cap. */
const MAX_STEPS = 10_000;

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
  input: z.infer<typeof runDetectionInput>;
}): Promise<TenantRun[]> {
  const tenants = input.tenant
    ? [await requireTenant(ctx, input.tenant)]
    : await ctx.store.admin.listTenants();
  const out: TenantRun[] = [];
  for (const t of tenants)
    out.push(
      await detectTenant({
        data: ctx.store.forTenant(t.id),
        now: () => ctx.now(),
        maxSteps: MAX_STEPS,
      }),
    );
  return out;
}
