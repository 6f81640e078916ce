import { z } from "zod";
import type { FlagRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, detection, flagId, note, RESOLUTION_REASONS, requireFlag } from "./flag-common";

export type ResolveFlagInput = z.input<typeof resolveFlagInput>;

export const resolveFlagInput = z.object({
  id: flagId,
  reason: z.enum(RESOLUTION_REASONS, {
    message: `choose a reason: ${RESOLUTION_REASONS.join(", ")}`,
  }),
  /** Mandatory: the record says what was decided and why (SOC 2 CC7.3). */
  note: note("a note saying what was found"),
});

/**
 * Closes a flag with a reason from the fixed list and a note: open or acknowledged → resolved.
 * Audited as `flag.resolved` with the reason and the note.
 */
export async function resolveFlag({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof resolveFlagInput>;
}): Promise<FlagRecord> {
  requirePermission(ctx, "flags:triage");
  const { id, reason, note: text } = parseInput(resolveFlagInput, input);
  const flag = await requireFlag(ctx, id);
  if (flag.status === "resolved")
    throw new TooltrailError(
      "conflict",
      `flag ${id} is already resolved (${flag.resolution}); reopen it to change the decision`,
    );
  const out = await detection(ctx).updateFlag(
    id,
    { status: "resolved", resolution: reason, resolutionNote: text },
    {
      flagId: id,
      at: ctx.now(),
      by: actorRef(ctx),
      action: "resolved",
      details: { reason, note: text },
    },
  );
  if (!out) throw new TooltrailError("not-found", `no flag ${id} in tenant ${ctx.tenant.id}`);
  await audit(ctx, {
    action: "flag.resolved",
    details: { flag_id: id, rule: flag.rule, subject: flag.subjectKey, reason, note: text },
  });
  return out;
}
