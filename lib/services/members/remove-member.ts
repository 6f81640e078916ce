import { z } from "zod";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { ruleCtx } from "./change-member";
import { removeMember as removeRule } from "./member-rules";

export const removeMemberInput = z.object({ userId: z.string().min(1).max(200) });

/** Removes a member (never the last owner); every session of theirs ends with it. */
export async function removeMember({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof removeMemberInput>;
}) {
  requirePermission(ctx, "members:manage");
  const { userId } = parseInput(removeMemberInput, input);
  const out = await removeRule(ruleCtx(ctx), userId);
  await audit(ctx, { action: "member.removed", details: out });
  return out;
}
