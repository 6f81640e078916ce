import type { SecurityLogEntry } from "../../../db/store/instance-types";
import { membershipActive } from "../../auth/guard";
import { audit, requirePermission, type TenantCtx } from "../context";

/** Lines of the instance security log shown at once. */
export const SECURITY_LOG_SHOWN = 200;

/**
 * Whether the actor owns every organisation on this instance. The instance security log is about
 * no one tenant (an unknown email could be any organisation's typo), so only someone who already
 * sees every tenant as owner reads it: one tenant's owner must not learn of another's users.
 */
async function ownsWholeInstance(ctx: TenantCtx): Promise<boolean> {
  if (ctx.actor.kind === "operator") return true;
  const now = ctx.now();
  const memberships = await ctx.store.admin.membershipsOf(ctx.actor.userId);
  const owned = new Set(
    memberships
      .filter((m) => m.role === "owner" && membershipActive(m, now))
      .map((m) => m.tenantId),
  );
  const tenants = await ctx.store.admin.listTenants();
  return tenants.length > 0 && tenants.every((t) => owned.has(t.id));
}

/**
 * The instance security log (failed sign-ins no tenant's stream records), for owners of every
 * organisation; anyone else gets `allowed: false` and a `denied` audit of `security_log.view`.
 */
export async function readSecurityLog({
  ctx,
}: {
  ctx: TenantCtx;
  input?: Record<string, never>;
}): Promise<{ allowed: boolean; rows: SecurityLogEntry[] }> {
  requirePermission(ctx, "security:read");
  const allowed = await ownsWholeInstance(ctx);
  const rows = allowed ? await ctx.store.admin.securityLog.list(SECURITY_LOG_SHOWN) : [];
  await audit(ctx, {
    action: "security_log.view",
    ...(allowed
      ? { details: { rows: rows.length } }
      : { outcome: "denied", reason: "not an owner of every organisation" }),
  });
  return { allowed, rows };
}
