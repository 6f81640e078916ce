import { randomUUID } from "node:crypto";
import type { Actor, AuditAction, AuditSink } from "./context";

/** The server name of Tooltrail's own audit events in each tenant's stream. */
export const DASHBOARD_SERVER_NAME = "tooltrail-dashboard";

/**
 * Self-audit: Tooltrail's own operations become events in the tenant's stream, written through
 * the same ingest pipeline (validated, redacted, sealed into the chain) with
 * `server.name = "tooltrail-dashboard"`, so reading or changing the evidence is evidence too.
 */
export function buildAuditEvent(actor: Actor, a: AuditAction, version: string) {
  const outcome = a.outcome ?? "ok";
  const client = actor.kind === "user" ? "tooltrail-dashboard" : "tooltrail-cli";
  return {
    id: `tt-dash-${randomUUID()}`,
    time: new Date().toISOString(),
    server: { name: DASHBOARD_SERVER_NAME, version },
    method: "tools/call",
    tool: a.action,
    actor:
      actor.kind === "user"
        ? {
            id: actor.email,
            type: "user",
            email: actor.email,
            ...(actor.name ? { name: actor.name } : {}),
            auth: actor.auth,
            ...(actor.ip ? { ip: actor.ip } : {}),
            ...(actor.userAgent ? { user_agent: actor.userAgent.slice(0, 512) } : {}),
          }
        : { id: `operator:${actor.name}`, type: "user", name: actor.name },
    client: { name: client, version },
    ...(a.details ? { arguments: a.details } : {}),
    outcome,
    ...(outcome !== "ok" && a.reason ? { error: { type: a.action, message: a.reason } } : {}),
    labels: actor.kind === "user" ? { user_id: actor.userId } : { operator: actor.name },
  };
}

/** A sink that records through `recordInternal` (the ingest pipeline's internal entrance). */
export function pipelineAuditSink(
  recordInternal: (tenantId: string, events: unknown[]) => Promise<void>,
  version: string,
): AuditSink {
  return (tenantId, actor, action) =>
    recordInternal(tenantId, [buildAuditEvent(actor, action, version)]);
}
