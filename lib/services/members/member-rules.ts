import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Store, TenantStore } from "../../../db/store/types";
import { normaliseEmail } from "../../auth/failed-sign-ins";
import { ROLES } from "../../auth/roles";
import { endSessionsOf } from "../../auth/sessions";
import { AdminError } from "../admin-error";
import { invitationTokenHash } from "./invitation-rules";

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
  .object({ email: z.email("must be an email address").max(320).transform(normaliseEmail) })
  .and(memberChange);

type Ctx = { store: Store; tenant: TenantStore; actorUserId: string; now?: Date };

async function assertNotLastOwner(c: Ctx, userId: string): Promise<void> {
  const members = await c.store.admin.listMembers(c.tenant.tenantId);
  const owners = members.filter((m) => m.role === "owner");
  if (owners.length === 1 && owners[0]?.userId === userId)
    throw new AdminError("This is the organisation's last owner: make someone else owner first.");
}

/**
 * Invites an email: a pending membership with a one-time link (7 days), replacing any earlier
 * link of this email here. Nothing else happens until someone accepts (lib/auth/invitations.ts),
 * and the answer is the same whether or not the email has an account elsewhere, or what kind;
 * only "already a member here" is told, which the inviter can see on the page anyway.
 */
export async function inviteMember(
  c: Ctx,
  input: z.infer<typeof inviteInput>,
): Promise<{ email: string; token: string }> {
  const now = c.now ?? new Date();
  if (input.expires && input.expires <= now)
    throw new AdminError("The access end date is in the past.");
  const email = normaliseEmail(input.email);
  const members = await c.store.admin.listMembers(c.tenant.tenantId);
  if (members.some((m) => m.email === email))
    throw new AdminError(`${email} is already a member: change their role instead.`);
  const token = randomBytes(24).toString("base64url");
  await c.store.admin.invitations.upsert({
    tokenHash: invitationTokenHash(token),
    tenantId: c.tenant.tenantId,
    email,
    role: input.role,
    accessExpiresAt: input.expires ?? null,
    createdBy: c.actorUserId,
    expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
  });
  return { email, token };
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

/** Removes a member; every session of theirs ends with it. */
export async function removeMember(c: Ctx, userId: string) {
  const member = (await c.store.admin.listMembers(c.tenant.tenantId)).find(
    (m) => m.userId === userId,
  );
  if (!member) throw new AdminError("No such member.");
  if (member.role === "owner") await assertNotLastOwner(c, userId);
  await c.store.admin.removeMembership(c.tenant.tenantId, userId);
  const endedSessions = await endSessionsOf(c.store, userId, c.now ? { now: c.now } : {});
  return { email: member.email, role: member.role, endedSessions };
}
