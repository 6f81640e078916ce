import { dashboardRuntime } from "../runtime/dashboard-runtime";
import { buildAuditEvent as buildServiceAuditEvent } from "../services/audit-event";
import type { Actor, AuditAction } from "../services/context";

export type { AuditAction };

/** A signed-in dashboard user as the audit trail records them. */
export type AuditActor = Omit<Extract<Actor, { kind: "user" }>, "kind">;

/** The audit event of a dashboard user's action (see lib/services/audit-event.ts). */
export function buildAuditEvent(actor: AuditActor, a: AuditAction, version: string) {
  return buildServiceAuditEvent({ kind: "user", ...actor }, a, version);
}

/**
 * Self-audit of sign-in and sign-out, which happen before there is a tenant context (next-auth's
 * callbacks): every other operation audits itself in its service. Awaited: an action that cannot
 * be recorded does not happen.
 */
export async function auditEvent(
  tenantId: string,
  actor: AuditActor,
  a: AuditAction,
): Promise<void> {
  const rt = dashboardRuntime();
  await rt.recordInternal(tenantId, [buildAuditEvent(actor, a, rt.serverVersion)]);
}
