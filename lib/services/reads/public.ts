import type { MembershipRecord } from "../../../db/store/types";
import { isRole, membershipActive } from "../../auth/guard";
import type { ServiceCtx } from "../context";
import { findInvitation } from "../members/invitation-rules";

/**
 * The reads of the pages before a tenant is chosen (landing, sign-in, first-run setup, invitation).
 * No tenant yet, so nothing to audit in a tenant's stream: they run with the store and a clock.
 */
export type PublicReadCtx = Pick<ServiceCtx, "store" | "now">;

export type Organisation = MembershipRecord & { active: boolean };

/**
 * The signed-in user's organisations, each marked active or ended (an auditor's end date); null
 * when the account is gone or disabled (the session no longer stands for anyone).
 */
export async function readOrganisations({
  ctx,
  input,
}: {
  ctx: PublicReadCtx;
  input: { userId: string };
}): Promise<{ email: string; organisations: Organisation[] } | null> {
  const { store } = ctx;
  const now = ctx.now();
  const user = await store.admin.getUser(input.userId);
  if (!user || user.disabledAt) return null;
  const all = (await store.admin.membershipsOf(user.id)).filter((m) => isRole(m.role));
  return {
    email: user.email,
    organisations: all.map((m) => ({ ...m, active: membershipActive(m, now) })),
  };
}

/** Whether no account exists yet: the instance is at its first run (setup link, first owner). */
export async function readFirstRun({ ctx }: { ctx: PublicReadCtx }): Promise<boolean> {
  return (await ctx.store.admin.countUsers()) === 0;
}

/** A pending invitation by its token, and whether its email already has an account. */
export async function readInvitation({
  ctx,
  input,
}: {
  ctx: PublicReadCtx;
  input: { token: string };
}) {
  const invitation = await findInvitation(ctx.store, input.token);
  if (!invitation) return null;
  const account = await ctx.store.admin.findUserByEmail(invitation.email);
  return { invitation, account };
}
