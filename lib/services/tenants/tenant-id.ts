import { z } from "zod";
import { type AdminCtx, AdminError } from "../admin-error";

export const tenantIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    "tenant ids are 1-63 lowercase letters, digits and '-', starting with a letter or digit",
  );

/** The tenant, or an error that tells the operator how to create it. */
export async function requireTenant(ctx: AdminCtx, id: string) {
  const t = await ctx.store.admin.getTenant(id);
  if (!t) throw new AdminError(`no tenant ${id}; create it with: tooltrail tenants create ${id}`);
  return t;
}
