import { z } from "zod";
import { hashPassword, PASSWORD_MIN_LENGTH } from "../auth/password";
import { ROLES } from "../auth/roles";
import { type AdminCtx, AdminError } from "./context";
import { requireTenant, tenantIdSchema } from "./tenants";

export const createUserInput = z.object({
  email: z.email("must be an email address"),
  name: z.string().max(200).optional(),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `passwords are at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(1024)
    .optional(),
  tenant: tenantIdSchema,
  role: z.enum(ROLES),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export async function createUser({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof createUserInput>;
}) {
  await requireTenant(ctx, input.tenant);
  if (input.role === "auditor" && !input.expiresAt) {
    throw new AdminError("auditors need an access end date: pass --expires YYYY-MM-DD");
  }
  const existing = await ctx.store.admin.findUserByEmail(input.email);
  const user =
    existing ??
    (await ctx.store.admin.createUser({
      email: input.email,
      ...(input.name ? { name: input.name } : {}),
      ...(input.password ? { passwordHash: await hashPassword(input.password) } : {}),
    }));
  await ctx.store.admin.addMembership({
    userId: user.id,
    tenantId: input.tenant,
    role: input.role,
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt) } : {}),
  });
  return {
    id: user.id,
    email: user.email,
    tenant: input.tenant,
    role: input.role,
    created: !existing,
  };
}
