import type { AdminCtx } from "../admin-error";

/** Every tenant of this installation (the operator's view). */
export async function listTenants({ ctx }: { ctx: AdminCtx; input?: unknown }) {
  const rows = await ctx.store.admin.listTenants();
  return rows.map((t) => ({
    id: t.id,
    name: t.name,
    created_at: t.createdAt.toISOString(),
    retention_days: t.retentionDays,
    legal_hold: t.legalHold,
  }));
}
