import type { Store, TenantRecord, TenantStore } from "../../db/store/types";
import type { Permission } from "../auth/permissions";
import { TooltrailError } from "../core/errors";
import type { NotifyEnv } from "../notify/deliver";

/** Who performs an operation: a signed-in dashboard user, or the operator at this machine. */
export type Actor =
  | {
      kind: "user";
      userId: string;
      email: string;
      name?: string | null;
      /** How the session was established. */
      auth: "session" | "oauth";
      ip?: string | null;
      userAgent?: string | null;
    }
  | {
      /** The CLI, directly on the store or through the running server's admin endpoint. */
      kind: "operator";
      /** Who ran it, as the machine knows them (OS user@host). */
      name: string;
    };

export type AuditAction = {
  /** Dotted verb, e.g. `events.list`, `event.open`, `key.revoked`, `member.role_changed`. */
  action: string;
  outcome?: "ok" | "denied" | "error";
  /** What was read or changed (a filter, an event id, a role): stored as the event's arguments. */
  details?: Record<string, unknown>;
  reason?: string;
};

/** Records an audit event in a tenant's own stream (sealed like any other event). */
export type AuditSink = (tenantId: string, actor: Actor, action: AuditAction) => Promise<void>;

/** What every operation runs with. */
export type ServiceCtx = {
  store: Store;
  actor: Actor;
  audit: AuditSink;
  now(): Date;
  /** Where this process keeps its signing keys (DATA_DIR/keys); operations that sign need it. */
  keysDir?: string;
  /** The process's notification settings (lib/notify); destinations and test sends need it. */
  notify?: NotifyEnv;
};

/**
 * An operation inside one tenant: the tenant, its tenant-scoped store (the only way to its
 * data), and what the actor may do there (the operator may do everything).
 */
export type TenantCtx = ServiceCtx & {
  tenant: TenantRecord;
  data: TenantStore;
  can(permission: Permission): boolean;
};

/** Refuses unless the actor may do `permission` in the tenant (defence in depth behind the guard). */
export function requirePermission(ctx: TenantCtx, permission: Permission): void {
  if (!ctx.can(permission))
    throw new TooltrailError("forbidden", `your role may not do this (${permission})`);
}

/** Audits in the context's tenant. */
export function audit(ctx: TenantCtx, action: AuditAction): Promise<void> {
  return ctx.audit(ctx.tenant.id, ctx.actor, action);
}

/** The operator's context in one tenant, for the CLI and the admin endpoint. */
export async function operatorTenantCtx(ctx: ServiceCtx, tenantId: string): Promise<TenantCtx> {
  const tenant = await ctx.store.admin.getTenant(tenantId);
  if (!tenant) throw new TooltrailError("not-found", `no tenant ${tenantId}`);
  return { ...ctx, tenant, data: ctx.store.forTenant(tenant.id), can: () => true };
}
