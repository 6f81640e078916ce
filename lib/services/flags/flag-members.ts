import { requirePermission, type TenantCtx } from "../context";

export type FlagMember = { userId: string; email: string; name: string | null; role: string };

/**
 * The tenant's current members, to show who a flag is assigned to and whom it can be given to.
 * For roles that read flags: an assignee's email says no more than the audit trail they read.
 * Not audited on its own: it accompanies the flag read that is.
 */
export async function flagMembers({ ctx }: { ctx: TenantCtx }): Promise<FlagMember[]> {
  requirePermission(ctx, "flags:read");
  const now = ctx.now().getTime();
  return (await ctx.store.admin.listMembers(ctx.tenant.id))
    .filter((m) => m.expiresAt === null || m.expiresAt.getTime() > now)
    .map((m) => ({ userId: m.userId, email: m.email, name: m.name, role: m.role }));
}
