import { randomUUID } from "node:crypto";
import { dashboardRuntime } from "../runtime/dashboard-runtime";

export const DASHBOARD_SERVER_NAME = "tooltrail-dashboard";

export type AuditActor = {
  userId: string;
  email: string;
  name?: string | null;
  /** How the session was established. */
  auth: "session" | "oauth";
  ip?: string | null;
  userAgent?: string | null;
};

export type AuditAction = {
  /** Dotted verb, e.g. `events.list`, `event.open`, `auth.sign_in_failed`, `member.role_changed`. */
  action: string;
  outcome?: "ok" | "denied" | "error";
  /** What was read or changed (a filter, an event id, a role): stored as the event's arguments. */
  details?: Record<string, unknown>;
  reason?: string;
};

/**
 * Self-audit: the dashboard's own actions become events in the tenant's stream, written through
 * the same ingest pipeline (validated, redacted, sealed into the chain) with
 * `server.name = "tooltrail-dashboard"`, so reading the evidence is evidence too. Awaited:
 * a read that cannot be recorded is not served.
 */
export async function auditEvent(
  tenantId: string,
  actor: AuditActor,
  a: AuditAction,
): Promise<void> {
  const rt = dashboardRuntime();
  await rt.recordInternal(tenantId, [buildAuditEvent(actor, a, rt.serverVersion)]);
}

export function buildAuditEvent(actor: AuditActor, a: AuditAction, version: string) {
  const outcome = a.outcome ?? "ok";
  return {
    id: `tt-dash-${randomUUID()}`,
    time: new Date().toISOString(),
    server: { name: DASHBOARD_SERVER_NAME, version },
    method: "tools/call",
    tool: a.action,
    actor: {
      id: actor.email,
      type: "user",
      email: actor.email,
      ...(actor.name ? { name: actor.name } : {}),
      auth: actor.auth,
      ...(actor.ip ? { ip: actor.ip } : {}),
      ...(actor.userAgent ? { user_agent: actor.userAgent.slice(0, 512) } : {}),
    },
    client: { name: "tooltrail-dashboard", version },
    ...(a.details ? { arguments: a.details } : {}),
    outcome,
    ...(outcome !== "ok" && a.reason ? { error: { type: a.action, message: a.reason } } : {}),
    labels: { user_id: actor.userId },
  };
}
