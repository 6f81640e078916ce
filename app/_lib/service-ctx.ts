import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";
import { pipelineAuditSink } from "@/lib/services/audit-event";
import type { Actor, ServiceCtx, TenantCtx } from "@/lib/services/context";
import type { PublicReadCtx } from "@/lib/services/reads/public";
import type { GuardedAccess } from "./guard";

/**
 * The application layer's context for a request the guard let through: the signed-in user as
 * the actor, the process's store, self-audit through the ingest pipeline.
 */
export function serviceCtx(actor: Actor): ServiceCtx {
  const rt = dashboardRuntime();
  return {
    store: rt.store,
    actor,
    audit: pipelineAuditSink(rt.recordInternal, rt.serverVersion),
    now: () => new Date(),
    ...(rt.notify ? { notify: rt.notify } : {}),
  };
}

/** The same inside the guarded tenant, with its tenant-scoped store and the role's permissions. */
export function tenantCtx(access: GuardedAccess): TenantCtx {
  return {
    ...serviceCtx({ kind: "user", ...access.actor }),
    tenant: access.tenant,
    data: access.store,
    can: access.can,
  };
}

/** For the reads of public pages (landing, setup, invitation): nobody to audit as yet. */
export function publicReadCtx(): PublicReadCtx {
  const rt = dashboardRuntime();
  return { store: rt.store, now: () => new Date() };
}
