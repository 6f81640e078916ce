import { requirePermission, type TenantCtx } from "../context";

/** The tenant's members with their roles and access end dates. */
export async function listMembers({ ctx }: { ctx: TenantCtx; input?: unknown }) {
  requirePermission(ctx, "members:read");
  return ctx.store.admin.listMembers(ctx.tenant.id);
}

/** Invitations nobody has accepted yet (they grant nothing until someone does). */
export async function listPendingInvitations({ ctx }: { ctx: TenantCtx; input?: unknown }) {
  requirePermission(ctx, "members:read");
  return ctx.store.admin.invitations.pending(ctx.tenant.id, ctx.now());
}
