import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { SuppressionRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { DAY } from "../../detect/stats";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, detection, flagId, note, requireFlag, ruleId } from "./flag-common";

/** A suppression is a decision to look away: it must end, within a year. */
export const MAX_SUPPRESSION_DAYS = 365;

export const suppressPatternInput = z.object({
  /** Suppress the pattern of this flag (its rule and subject)… */
  flagId: flagId.optional(),
  /** …or this rule and subject key (an actor id, `actor\u001ftool`…). */
  rule: ruleId.optional(),
  subject: z.string().trim().min(1).max(1000).optional(),
  until: z.coerce.date({ message: "until: give the date the suppression ends" }),
  reason: note("a reason", 500),
});

/**
 * Stops one rule from flagging one subject until a future date, with a reason (a planned
 * migration, a load test). Audited as `flag.suppressed`.
 */
export async function suppressPattern({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof suppressPatternInput>;
}): Promise<SuppressionRecord> {
  requirePermission(ctx, "flags:triage");
  const q = parseInput(suppressPatternInput, input);
  const { until, reason } = q;
  const flag = q.flagId ? await requireFlag(ctx, q.flagId) : null;
  const rule = flag?.rule ?? q.rule;
  const subject = flag?.subjectKey ?? q.subject;
  if (!rule || !subject)
    throw new TooltrailError("invalid-input", "give the flag to suppress, or a rule and a subject");
  const now = ctx.now();
  if (until.getTime() <= now.getTime())
    throw new TooltrailError("invalid-input", "until: the suppression must end in the future");
  if (until.getTime() > now.getTime() + MAX_SUPPRESSION_DAYS * DAY)
    throw new TooltrailError(
      "invalid-input",
      `until: a suppression ends within ${MAX_SUPPRESSION_DAYS} days; set a nearer date and renew it if needed`,
    );
  const s: SuppressionRecord = {
    id: randomUUID(),
    rule,
    subjectKey: subject,
    until,
    reason,
    createdBy: actorRef(ctx),
    createdAt: now,
  };
  await detection(ctx).addSuppression(s);
  await audit(ctx, {
    action: "flag.suppressed",
    details: { suppression_id: s.id, rule, subject, until: until.toISOString(), reason },
  });
  return s;
}
