import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { invalidCustomRules, parseRedactionSettings } from "../../core/redact";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";

/** The tenant's redaction rules as JSON text, as a person edits them. */
export const saveRedactionInput = z.object({ config: z.string().max(1_000_000) });

/** Replaces the tenant's redaction rules; ingestion applies them within 10 seconds. */
export async function saveRedaction({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof saveRedactionInput>;
}) {
  requirePermission(ctx, "settings:manage");
  const parsed = parseRedactionSettings(parseInput(saveRedactionInput, input).config);
  if (!parsed.ok) throw new TooltrailError("invalid-input", parsed.message);
  const before = ctx.tenant.redaction;
  await ctx.store.admin.setTenantRedaction(ctx.tenant.id, parsed.config);
  await audit(ctx, { action: "redaction.changed", details: { before, after: parsed.config } });
  return { config: parsed.config };
}

/** The saved rules, and those ingestion skips until they are fixed. */
export function readRedaction({ ctx }: { ctx: TenantCtx; input?: unknown }) {
  requirePermission(ctx, "settings:read");
  return {
    config: ctx.tenant.redaction ?? {},
    invalid: invalidCustomRules(ctx.tenant.redaction),
  };
}
