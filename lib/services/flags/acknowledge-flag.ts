import { z } from "zod";
import type { FlagRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, detection, flagId, note, requireFlag } from "./flag-common";

export const acknowledgeFlagInput = z.object({ id: flagId, note: note("note").optional() });

/** Someone is looking at an open flag: open → acknowledged. Audited as `flag.acknowledged`. */
export async function acknowledgeFlag({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof acknowledgeFlagInput>;
}): Promise<FlagRecord> {
  requirePermission(ctx, "flags:triage");
  const { id, note: text } = parseInput(acknowledgeFlagInput, input);
  const flag = await requireFlag(ctx, id);
  if (flag.status !== "open")
    throw new TooltrailError(
      "conflict",
      `flag ${id} is ${flag.status}, not open: only an open flag can be acknowledged`,
    );
  const details = text ? { note: text } : {};
  const out = await detection(ctx).updateFlag(
    id,
    { status: "acknowledged" },
    { flagId: id, at: ctx.now(), by: actorRef(ctx), action: "acknowledged", details },
  );
  if (!out) throw new TooltrailError("not-found", `no flag ${id} in tenant ${ctx.tenant.id}`);
  await audit(ctx, {
    action: "flag.acknowledged",
    details: { flag_id: id, rule: flag.rule, subject: flag.subjectKey, ...details },
  });
  return out;
}
