import { z } from "zod";
import type { FlagRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, detection, flagId, requireFlag } from "./flag-common";

export const assignFlagInput = z.object({
  id: flagId,
  /** A member's user id; null takes the assignment away. */
  assignee: z.string().trim().min(1).max(200).nullable(),
});

/**
 * Gives a flag to a current member of this tenant (an expired membership or another tenant's
 * user is refused), or takes the assignment away. Audited as `flag.assigned`.
 */
export async function assignFlag({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof assignFlagInput>;
}): Promise<FlagRecord> {
  requirePermission(ctx, "flags:triage");
  const { id, assignee } = parseInput(assignFlagInput, input);
  const flag = await requireFlag(ctx, id);
  let email: string | null = null;
  if (assignee !== null) {
    const now = ctx.now().getTime();
    const member = (await ctx.store.admin.listMembers(ctx.tenant.id)).find(
      (m) => m.userId === assignee && (m.expiresAt === null || m.expiresAt.getTime() > now),
    );
    if (!member)
      throw new TooltrailError(
        "invalid-input",
        `assignee: ${assignee} is not a current member of ${ctx.tenant.id}; assign a member listed on the Members page`,
      );
    email = member.email;
  }
  const out = await detection(ctx).updateFlag(
    id,
    { assignee },
    {
      flagId: id,
      at: ctx.now(),
      by: actorRef(ctx),
      action: "assigned",
      details: { assignee, email, was: flag.assignee },
    },
  );
  if (!out) throw new TooltrailError("not-found", `no flag ${id} in tenant ${ctx.tenant.id}`);
  await audit(ctx, {
    action: "flag.assigned",
    details: { flag_id: id, assignee, email, was: flag.assignee },
  });
  return out;
}
