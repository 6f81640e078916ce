import { z } from "zod";
import { hashPassword, PASSWORD_MIN_LENGTH } from "../auth/password";
import { ROLES } from "../auth/roles";
import { endSessionsOf } from "../auth/sessions";
import { type AdminCtx, AdminError } from "./context";
import { requireTenant, tenantIdSchema } from "./tenants";

const password = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `passwords are at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(1024);

export const createUserInput = z.object({
  email: z.email("must be an email address"),
  name: z.string().max(200).optional(),
  password: password.optional(),
  tenant: tenantIdSchema,
  role: z.enum(ROLES),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

/**
 * The operator's way in: creates the account (or takes the existing one), gives it the role, and
 * sets the password when one is given. A password set on an existing account ends its sessions.
 */
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
  const hash = input.password ? await hashPassword(input.password) : null;
  const user =
    existing ??
    (await ctx.store.admin.createUser({
      email: input.email,
      ...(input.name ? { name: input.name } : {}),
      ...(hash ? { passwordHash: hash, passwordSetVia: "operator" as const } : {}),
    }));
  await ctx.store.admin.addMembership({
    userId: user.id,
    tenantId: input.tenant,
    role: input.role,
    ...(input.expiresAt ? { expiresAt: new Date(input.expiresAt) } : {}),
  });
  const endedSessions = existing && hash ? await setPassword(ctx, existing.id, hash) : 0;
  return {
    id: user.id,
    email: user.email,
    tenant: input.tenant,
    role: input.role,
    created: !existing,
    passwordSet: hash !== null,
    endedSessions,
  };
}

export const setPasswordInput = z.object({
  email: z.email("must be an email address"),
  password,
});

/** `users password`: the operator sets an account's password; its sessions end. */
export async function setUserPassword({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof setPasswordInput>;
}) {
  const user = await ctx.store.admin.findUserByEmail(input.email);
  if (!user)
    throw new AdminError(
      `no account has the email ${input.email}: create it with \`tooltrail users create\``,
    );
  const endedSessions = await setPassword(ctx, user.id, await hashPassword(input.password));
  return { id: user.id, email: user.email, endedSessions };
}

async function setPassword(ctx: AdminCtx, userId: string, hash: string): Promise<number> {
  await ctx.store.admin.setUserPassword(userId, hash, "operator");
  return endSessionsOf(ctx.store, userId);
}
