import { z } from "zod";
import { type AuditAction, audit, type TenantCtx } from "../context";
import { tenantIdSchema } from "../tenants/tenant-id";
import { type VerifyReport, verifyTenant, type verifyTenantInput } from "./verify-tenant";

/**
 * Verification as the operator's tenant operation (`tooltrail verify`): the report, and a
 * self-audit event `integrity.verified`, outcome error with what failed, so that a failed
 * verification is in the tenant's own record and the integrity_failure rule raises a flag.
 */
export async function verifyTenantAudited(args: {
  ctx: TenantCtx;
  input: z.infer<typeof verifyTenantInput>;
}): Promise<VerifyReport> {
  const report = await verifyTenant(args);
  await audit(args.ctx, integrityAudit(report));
  return report;
}

/** The audit action of a verification; `summary` comes first (rules read it as the first value). */
export function integrityAudit(r: VerifyReport): AuditAction {
  const events = r.chains.reduce((n, c) => n + c.events, 0);
  const batches = r.chains.reduce((n, c) => n + c.batches, 0);
  const kinds: Record<string, number> = {};
  for (const f of r.findings) kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
  const listed = Object.entries(kinds).map(([k, n]) => `${n} ${k}`);
  const scope = `${events} events in ${batches} batches across ${r.chains.length} chain(s)`;
  const summary = r.ok
    ? `0 findings: ${scope} verified`
    : `${r.findings.length} findings${r.truncated ? " (list truncated)" : ""}: ${listed.join(", ")}; ${scope}`;
  return {
    action: "integrity.verified",
    outcome: r.ok ? "ok" : "error",
    details: {
      summary,
      findings: r.findings.length,
      kinds,
      chains: r.chains.length,
      batches,
      events,
    },
    ...(r.ok ? {} : { reason: `integrity check failed: ${r.findings.length} finding(s)` }),
  };
}

export const integrityDrillInput = z.object({
  tenant: tenantIdSchema,
  note: z.string().trim().min(1).max(200).default("tooltrail demo --anomalies"),
});

/**
 * A drill: records a failed verification (`integrity.verified`, outcome error, marked `drill`)
 * without changing anything stored, so that the integrity_failure flag and its notifications
 * can be seen working before a real failure happens. The operator's own action, audited as such.
 */
export async function integrityDrill({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.infer<typeof integrityDrillInput>;
}): Promise<{ recorded: true }> {
  await audit(ctx, {
    action: "integrity.verified",
    outcome: "error",
    details: {
      summary: `1 findings: 1 drill (${input.note}); no stored event was changed`,
      findings: 1,
      kinds: { drill: 1 },
      drill: true,
    },
    reason: "integrity drill: a recorded failure to test flags and notifications",
  });
  return { recorded: true };
}
