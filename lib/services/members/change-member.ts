import { z } from "zod";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { changeMember as changeRule, memberChange } from "./member-rules";

export const changeMemberInput = z.object({ userId: z.string().min(1).max(200) }).and(memberChange);

/** A member's role and access end date; the tenant's last owner stays an owner. */
export async function changeMember({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof changeMemberInput>;
}): Promise<{ email: string }> {
  requirePermission(ctx, "members:manage");
  const data = parseInput(changeMemberInput, input);
  const out = await changeRule(ruleCtx(ctx), data.userId, data);
  await audit(ctx, {
    action: "member.role_changed",
    details: {
      email: out.email,
      from: out.from,
      to: { role: data.role, expires: data.expires?.toISOString() ?? null },
    },
  });
  return { email: out.email };
}

/** The rules' context: the acting user's id only matters for invitations. */
export function ruleCtx(ctx: TenantCtx) {
  const actorUserId = ctx.actor.kind === "user" ? ctx.actor.userId : "";
  return { store: ctx.store, tenant: ctx.data, actorUserId, now: ctx.now() };
}

export type ChangeMemberInput = z.input<typeof changeMemberInput>;
