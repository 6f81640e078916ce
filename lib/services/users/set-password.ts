import { z } from "zod";
import { hashPassword } from "../../auth/password";
import { AdminError } from "../admin-error";
import type { ServiceCtx } from "../context";
import { passwordSchema, setPassword } from "./create-user";

export const setPasswordInput = z.object({
  email: z.email("must be an email address"),
  password: passwordSchema,
});

/**
 * `users password`: the operator sets an account's password; its sessions end. Accounts are
 * global, so the change is recorded in every organisation the account belongs to: each one's
 * evidence shows who could have signed in as its member.
 */
export async function setUserPassword({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: z.infer<typeof setPasswordInput>;
}) {
  const user = await ctx.store.admin.findUserByEmail(input.email);
  if (!user)
    throw new AdminError(
      `no account has the email ${input.email}: create it with \`tooltrail users create\``,
    );
  const endedSessions = await setPassword(ctx, user.id, await hashPassword(input.password));
  for (const m of await ctx.store.admin.membershipsOf(user.id))
    await ctx.audit(m.tenantId, ctx.actor, {
      action: "user.password_set",
      details: { email: user.email, ended_sessions: endedSessions },
    });
  return { id: user.id, email: user.email, endedSessions };
}
