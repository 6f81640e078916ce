import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { allRules } from "../../detect/active-rules";
import { PREVIEW_MAX_DAYS, type Preview, previewRule as replay } from "../../detect/preview";
import { RULE_IDS } from "../../detect/types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";

export const previewRuleInput = z.object({
  rule: z.enum(RULE_IDS),
  /** The parameters being edited (the rule's schema fills in defaults and checks them). */
  params: z.record(z.string(), z.unknown()).default({}),
  allow: z.array(z.string().trim().min(1).max(1000)).max(1000).default([]),
  days: z.number().int().min(1).max(PREVIEW_MAX_DAYS).default(7),
});
export type PreviewRuleInput = z.input<typeof previewRuleInput>;

/**
 * How many flags a rule, with the parameters being edited, would have raised on each of the
 * tenant's past days (Settings shows it before a rule is enabled or changed). Nothing is stored;
 * the preview is audited like any read of the tenant's events.
 */
export async function previewRule({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: PreviewRuleInput;
}): Promise<Preview> {
  requirePermission(ctx, "detection:configure");
  const q = parseInput(previewRuleInput, input);
  const rule = allRules().find((r) => r.id === q.rule);
  if (!rule) throw new TooltrailError("not-found", `the rule ${q.rule} is not available yet`);
  const params = rule.params.safeParse(q.params);
  if (!params.success) {
    const i = params.error.issues[0];
    throw new TooltrailError(
      "invalid-input",
      `${q.rule} parameter ${i?.path.join(".") || "params"}: ${i?.message ?? "invalid"}`,
    );
  }
  const out = await replay({
    data: ctx.data,
    rule,
    params: params.data,
    allow: q.allow,
    days: q.days,
    now: ctx.now(),
  });
  await audit(ctx, {
    action: "detection.previewed",
    details: { rule: q.rule, days: q.days, flags: out.total },
  });
  return out;
}
