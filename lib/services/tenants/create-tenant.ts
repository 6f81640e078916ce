import { z } from "zod";
import { type AdminCtx, AdminError } from "../admin-error";
import { tenantIdSchema } from "./tenant-id";

export const createTenantInput = z.object({
  id: tenantIdSchema,
  name: z.string().min(1).max(200).optional(),
});

/** A new, empty tenant (organisation); its stream starts with its first event. */
export async function createTenant({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.input<typeof createTenantInput>;
}) {
  const data = createTenantInput.parse(input);
  if (await ctx.store.admin.getTenant(data.id))
    throw new AdminError(`tenant ${data.id} already exists`);
  const t = await ctx.store.admin.createTenant({ id: data.id, name: data.name ?? data.id });
  return { id: t.id, name: t.name, created_at: t.createdAt.toISOString() };
}
