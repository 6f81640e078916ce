import { createHash } from "node:crypto";
import { z } from "zod";
import type { InvitationRecord, Store } from "../../../db/store/types";
import { hashPassword, PASSWORD_MIN_LENGTH } from "../../auth/password";
import { endSessionsOf, resolveSession } from "../../auth/sessions";
import { AdminError } from "../admin-error";

export function invitationTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const INVALID = "This invitation link is invalid, used or expired. Ask an owner for a new one.";

const token = z.string().min(1).max(200);

export const acceptInput = z.object({
  token,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `passwords are at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(1024),
});

export const joinInput = z.object({ token });

/** The invitation behind a link, while it can still be used. */
export async function findInvitation(
  store: Store,
  rawToken: string,
  now = new Date(),
): Promise<InvitationRecord | null> {
  if (!token.safeParse(rawToken).success) return null;
  const inv = await store.admin.invitations.find(invitationTokenHash(rawToken));
  return inv && !inv.usedAt && inv.expiresAt > now ? inv : null;
}

export type Joined = {
  userId: string;
  email: string;
  tenantId: string;
  tenantName: string;
  role: string;
  expires: Date | null;
  /** Other sessions of the account that accepting ended. */
  endedSessions: number;
};

function joined(userId: string, inv: InvitationRecord, endedSessions: number): Joined {
  return {
    userId,
    email: inv.email,
    tenantId: inv.tenantId,
    tenantName: inv.tenantName,
    role: inv.role,
    expires: inv.accessExpiresAt,
    endedSessions,
  };
}

/**
 * The link of an email nobody has an account for: the holder chooses the password, and the
 * account and its membership are created together. An email with an account is refused, whatever
 * kind of account it is (password, SSO, none yet): a link never sets anyone's credentials.
 */
export async function acceptInvitation(
  store: Store,
  input: z.infer<typeof acceptInput>,
  now = new Date(),
): Promise<Joined> {
  const inv = await findInvitation(store, input.token, now);
  if (!inv) throw new AdminError(INVALID);
  if (await store.admin.findUserByEmail(inv.email)) throw accountExists(inv.email);
  const out = await store.admin.invitations.accept({
    tokenHash: invitationTokenHash(input.token),
    now,
    account: { newPasswordHash: await hashPassword(input.password) },
  });
  if (out.ok) return joined(out.userId, out.invitation, 0);
  throw out.reason === "account-exists" ? accountExists(inv.email) : new AdminError(INVALID);
}

function accountExists(email: string): AdminError {
  return new AdminError(`${email} has an account: sign in as ${email} to accept this invitation.`);
}

/**
 * The link of an email that has an account: it takes both the token and a session of that very
 * account. Accepting adds the membership, burns the link and ends the account's other sessions.
 */
export async function joinWithInvitation(
  store: Store,
  input: { token: string; sessionId: string | null },
  now = new Date(),
): Promise<Joined> {
  const inv = await findInvitation(store, input.token, now);
  if (!inv) throw new AdminError(INVALID);
  const session = await resolveSession(store, input.sessionId, now);
  if (!session) throw new AdminError(`Sign in as ${inv.email} to accept this invitation.`);
  if (session.user.email !== inv.email)
    throw new AdminError(
      `You are signed in as ${session.user.email}, but this invitation is for ${inv.email}: sign out first, then sign in as ${inv.email}.`,
    );
  const out = await store.admin.invitations.accept({
    tokenHash: invitationTokenHash(input.token),
    now,
    account: { userId: session.user.id },
  });
  if (!out.ok) {
    if (out.reason === "already-member")
      throw new AdminError(`You are already a member of ${inv.tenantName}.`);
    throw new AdminError(INVALID);
  }
  const ended = await endSessionsOf(store, session.user.id, { keep: session.id, now });
  return joined(session.user.id, out.invitation, ended);
}
