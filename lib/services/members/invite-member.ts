import type { z } from "zod";
import { requireUser } from "../actor";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { inviteInput, inviteMember as inviteRule } from "./member-rules";

export { inviteInput };

/**
 * Invites an email into the context's tenant: a pending membership with a one-time link (7 days).
 * The answer is the same whoever the email belongs to (member-rules.ts says why).
 */
export async function inviteMember({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof inviteInput>;
}): Promise<{ email: string; token: string }> {
  requirePermission(ctx, "members:manage");
  const data = parseInput(inviteInput, input);
  const out = await inviteRule(
    { store: ctx.store, tenant: ctx.data, actorUserId: requireUser(ctx).userId, now: ctx.now() },
    data,
  );
  await audit(ctx, {
    action: "member.invited",
    details: { email: out.email, role: data.role, expires: data.expires?.toISOString() ?? null },
  });
  return out;
}

export type InviteInput = z.input<typeof inviteInput>;
