import { z } from "zod";
import { hashPassword, PASSWORD_MIN_LENGTH } from "../../auth/password";
import { ROLES } from "../../auth/roles";
import { endSessionsOf } from "../../auth/sessions";
import { type AdminCtx, AdminError } from "../admin-error";
import type { ServiceCtx } from "../context";
import { requireTenant, tenantIdSchema } from "../tenants/tenant-id";

/** A password as the operator sets it. */
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `passwords are at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(1024);

export const createUserInput = z.object({
  email: z.email("must be an email address"),
  name: z.string().max(200).optional(),
  password: passwordSchema.optional(),
  tenant: tenantIdSchema,
  role: z.enum(ROLES),
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

/**
 * The operator's way in: creates the account (or takes the existing one), gives it the role, and
 * sets the password when one is given. A password set on an existing account ends its sessions.
 * A grant of access is evidence (SOC 2 CC6.2): recorded in the tenant as `member.added`, or
 * `member.role_changed` with the role it replaced.
 */
export async function createUser({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: z.infer<typeof createUserInput>;
}) {
  const existing = await ctx.store.admin.findUserByEmail(input.email);
  const before = existing
    ? (await ctx.store.admin.membershipsOf(existing.id)).find((m) => m.tenantId === input.tenant)
    : undefined;
  const out = await grantMembership(ctx, input);
  const to = { role: out.role, expires: input.expiresAt ?? null };
  await ctx.audit(out.tenant, ctx.actor, {
    action: before ? "member.role_changed" : "member.added",
    details: {
      email: out.email,
      ...(before
        ? { from: { role: before.role, expires: before.expiresAt?.toISOString() ?? null }, to }
        : to),
      account_created: out.created,
      password_set: out.passwordSet,
    },
  });
  return out;
}

/**
 * The store's half of `createUser`, without audit: for first-run setup (which records its own
 * `setup.owner_created`) and test harnesses.
 */
export async function grantMembership(ctx: AdminCtx, input: z.infer<typeof createUserInput>) {
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

/** Sets the password and ends every session of the account. */
export async function setPassword(ctx: AdminCtx, userId: string, hash: string): Promise<number> {
  await ctx.store.admin.setUserPassword(userId, hash, "operator");
  return endSessionsOf(ctx.store, userId);
}
