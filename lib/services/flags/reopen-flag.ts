import { z } from "zod";
import type { FlagRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, detection, flagId, note, requireFlag } from "./flag-common";

export const reopenFlagInput = z.object({ id: flagId, note: note("a note saying why") });

/**
 * Reopens a resolved flag (the decision was wrong, or the activity came back): resolved → open.
 * The earlier resolution stays in the history; audited as `flag.reopened`.
 */
export async function reopenFlag({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof reopenFlagInput>;
}): Promise<FlagRecord> {
  requirePermission(ctx, "flags:triage");
  const { id, note: text } = parseInput(reopenFlagInput, input);
  const flag = await requireFlag(ctx, id);
  if (flag.status !== "resolved")
    throw new TooltrailError(
      "conflict",
      `flag ${id} is ${flag.status}: only a resolved flag can be reopened`,
    );
  const out = await detection(ctx).updateFlag(
    id,
    { status: "open", resolution: null, resolutionNote: null },
    {
      flagId: id,
      at: ctx.now(),
      by: actorRef(ctx),
      action: "reopened",
      details: { note: text, was: flag.resolution },
    },
  );
  if (!out) throw new TooltrailError("not-found", `no flag ${id} in tenant ${ctx.tenant.id}`);
  await audit(ctx, {
    action: "flag.reopened",
    details: {
      flag_id: id,
      rule: flag.rule,
      subject: flag.subjectKey,
      note: text,
      was: flag.resolution,
    },
  });
  return out;
}
