import { z } from "zod";
import { type AdminCtx, AdminError } from "./context";

export const tenantIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    "tenant ids are 1-63 lowercase letters, digits and '-', starting with a letter or digit",
  );

export const createTenantInput = z.object({
  id: tenantIdSchema,
  name: z.string().min(1).max(200).optional(),
});

export async function createTenant({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof createTenantInput>;
}) {
  if (await ctx.store.admin.getTenant(input.id))
    throw new AdminError(`tenant ${input.id} already exists`);
  const t = await ctx.store.admin.createTenant({ id: input.id, name: input.name ?? input.id });
  return { id: t.id, name: t.name, created_at: t.createdAt.toISOString() };
}

export const updateTenantInput = z.object({
  id: tenantIdSchema,
  retention_days: z.number().int().min(1).max(36_500).nullable().optional(),
  legal_hold: z.boolean().optional(),
});

/** Retention period (null keeps everything) and the tenant-wide legal hold. */
export async function updateTenant({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof updateTenantInput>;
}) {
  await requireTenant(ctx, input.id);
  await ctx.store.admin.setTenantRetention(input.id, {
    ...(input.retention_days !== undefined ? { retentionDays: input.retention_days } : {}),
    ...(input.legal_hold !== undefined ? { legalHold: input.legal_hold } : {}),
  });
  const t = await requireTenant(ctx, input.id);
  return { id: t.id, retention_days: t.retentionDays, legal_hold: t.legalHold };
}

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

export async function requireTenant(ctx: AdminCtx, id: string) {
  const t = await ctx.store.admin.getTenant(id);
  if (!t) throw new AdminError(`no tenant ${id}; create it with: tooltrail tenants create ${id}`);
  return t;
}
