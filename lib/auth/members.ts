import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Store, TenantStore } from "../../db/store/types";
import { AdminError } from "../admin/context";
import { hashPassword, PASSWORD_MIN_LENGTH } from "./password";
import { ROLES } from "./roles";

const INVITE_TTL_MS = 7 * 86_400_000;

const futureDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD")
  .transform((s) => new Date(`${s}T23:59:59.999Z`));

export const memberChange = z
  .object({
    role: z.enum(ROLES),
    expires: z.union([futureDate, z.literal("").transform(() => null)]).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === "auditor" && !v.expires)
      ctx.addIssue({
        code: "custom",
        path: ["expires"],
        message: "auditors need an access end date",
      });
  });

export const inviteInput = z
  .object({ email: z.email("must be an email address").max(320) })
  .and(memberChange);

type Ctx = { store: Store; tenant: TenantStore; actorUserId: string; now?: Date };

function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function assertNotLastOwner(c: Ctx, userId: string): Promise<void> {
  const members = await c.store.admin.listMembers(c.tenant.tenantId);
  const owners = members.filter((m) => m.role === "owner");
  if (owners.length === 1 && owners[0]?.userId === userId)
    throw new AdminError("This is the organisation's last owner: make someone else owner first.");
}

/**
 * Invites someone: an existing account gets the membership at once; a new one also gets a
 * one-time link (7 days) to choose a password. Returns the link's token when there is one.
 */
export async function inviteMember(c: Ctx, input: z.infer<typeof inviteInput>) {
  const now = c.now ?? new Date();
  if (input.expires && input.expires <= now)
    throw new AdminError("The access end date is in the past.");
  const existing = await c.store.admin.findUserCredentials(input.email);
  if (
    existing &&
    (await c.store.admin.membershipsOf(existing.id)).some((m) => m.tenantId === c.tenant.tenantId)
  )
    throw new AdminError(`${existing.email} is already a member: change their role instead.`);
  const user = existing ?? (await c.store.admin.createUser({ email: input.email }));
  await c.store.admin.addMembership({
    userId: user.id,
    tenantId: c.tenant.tenantId,
    role: input.role,
    ...(input.expires ? { expiresAt: input.expires } : {}),
  });
  if (existing?.passwordHash) return { userId: user.id, email: user.email, token: null };
  const token = randomBytes(24).toString("base64url");
  await c.store.admin.createInvitation({
    tokenHash: tokenHash(token),
    userId: user.id,
    tenantId: c.tenant.tenantId,
    createdBy: c.actorUserId,
    expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
  });
  return { userId: user.id, email: user.email, token };
}

export async function changeMember(c: Ctx, userId: string, input: z.infer<typeof memberChange>) {
  const now = c.now ?? new Date();
  const member = (await c.store.admin.listMembers(c.tenant.tenantId)).find(
    (m) => m.userId === userId,
  );
  if (!member) throw new AdminError("No such member.");
  if (member.role === "owner" && input.role !== "owner") await assertNotLastOwner(c, userId);
  if (input.expires && input.expires <= now)
    throw new AdminError("The access end date is in the past.");
  await c.store.admin.addMembership({
    userId,
    tenantId: c.tenant.tenantId,
    role: input.role,
    ...(input.expires ? { expiresAt: input.expires } : {}),
  });
  return {
    email: member.email,
    from: { role: member.role, expires: member.expiresAt?.toISOString() ?? null },
  };
}

export async function removeMember(c: Ctx, userId: string) {
  const member = (await c.store.admin.listMembers(c.tenant.tenantId)).find(
    (m) => m.userId === userId,
  );
  if (!member) throw new AdminError("No such member.");
  if (member.role === "owner") await assertNotLastOwner(c, userId);
  await c.store.admin.removeMembership(c.tenant.tenantId, userId);
  return { email: member.email, role: member.role };
}

export const acceptInput = z.object({
  token: z.string().min(1).max(200),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `passwords are at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(1024),
});

/** The invitation link: checks, burns, and sets the password, in that order. */
export async function acceptInvitation(
  store: Store,
  input: z.infer<typeof acceptInput>,
  now = new Date(),
) {
  const hash = tokenHash(input.token);
  const inv = await store.admin.findInvitation(hash);
  if (!inv || !(await store.admin.redeemInvitation(hash, now)))
    throw new AdminError(
      "This invitation link is invalid, used or expired. Ask an owner for a new one.",
    );
  await store.admin.setUserPassword(inv.userId, await hashPassword(input.password));
  return { userId: inv.userId, email: inv.email, tenantId: inv.tenantId };
}

export async function findInvitation(store: Store, token: string, now = new Date()) {
  const inv = await store.admin.findInvitation(tokenHash(token));
  return inv && !inv.usedAt && inv.expiresAt > now ? inv : null;
}
