import { z } from "zod";
import { hashPassword } from "../../auth/password";
import { type AdminCtx, AdminError } from "../admin-error";
import { passwordSchema, setPassword } from "./create-user";

export const setPasswordInput = z.object({
  email: z.email("must be an email address"),
  password: passwordSchema,
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
