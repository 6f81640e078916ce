import { z } from "zod";
import type { RuleConfigRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { groupByFields } from "../../detect/grouping";
import { RULES } from "../../detect/rules/index";
import type { Rule } from "../../detect/types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, detection, ruleId } from "./flag-common";
import { paramLabel } from "./param-fields";

export const MAX_ALLOW = 500;

export const configureRuleInput = z.object({
  rule: ruleId,
  enabled: z.boolean().optional(),
  /** The parameters the tenant sets (the others keep their defaults); replaces the earlier set. */
  params: z.record(z.string(), z.unknown()).optional(),
  /** Subject keys this rule never flags (known service accounts…); replaces the list. */
  allow: z
    .array(z.string().trim().min(1, "allow: an entry is empty").max(1000))
    .max(MAX_ALLOW, `allow: at most ${MAX_ALLOW} entries`)
    .optional(),
  /** Grouping fields beyond the subject (`tool`, `server`); replaces the list. */
  groupBy: groupByFields.optional(),
});

/** A rule by id, or not-found for an id this server has no rule for (a typo, or another version's rule). */
export function requireRule(id: string): Rule {
  const rule = (RULES as Record<string, Rule | undefined>)[id];
  if (!rule) throw new TooltrailError("not-found", `rule ${id} is not available on this server`);
  return rule;
}

/**
 * Changes one rule's configuration for the tenant: on or off, its parameters (checked by the
 * rule's own schema; a bad value is refused with the parameter named in words), its allow-list.
 * Enabling a rule that was off records when, so the engine backfills its baseline from history.
 * Audited as `detection.rule_configured` with what changed.
 */
export async function configureRule({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof configureRuleInput>;
}): Promise<RuleConfigRecord> {
  requirePermission(ctx, "detection:configure");
  const q = parseInput(configureRuleInput, input);
  const rule = requireRule(q.rule);
  const store = detection(ctx);
  const before = (await store.listRuleConfigs()).find((c) => c.rule === rule.id) ?? null;
  const wasEnabled = before?.enabled ?? rule.enabledByDefault;
  const enabled = q.enabled ?? wasEnabled;
  const params = q.params ? checkParams(rule, q.params) : (before?.params ?? {});
  const allow = q.allow ? [...new Set(q.allow)] : (before?.allow ?? []);
  const now = ctx.now();
  const next: RuleConfigRecord = {
    rule: rule.id,
    enabled,
    params,
    allow,
    groupBy: q.groupBy ?? before?.groupBy ?? [],
    enabledAt: enabled && !wasEnabled ? now : (before?.enabledAt ?? null),
    updatedAt: now,
    updatedBy: actorRef(ctx),
  };
  await store.putRuleConfig(next);
  await audit(ctx, {
    action: "detection.rule_configured",
    details: {
      rule: rule.id,
      ...(enabled !== wasEnabled ? { enabled } : {}),
      ...(q.params ? { params } : {}),
      ...(q.allow ? { allow } : {}),
      ...(q.groupBy ? { group_by: q.groupBy } : {}),
    },
  });
  return next;
}

/**
 * The parameters as the rule's schema accepts them: only the ones given are stored (the others
 * follow the rule's defaults, which may improve with its version); unknown names are refused.
 */
function checkParams(rule: Rule, given: Record<string, unknown>): Record<string, unknown> {
  const shape = (rule.params as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  for (const name of Object.keys(given))
    if (!Object.hasOwn(shape, name))
      throw new TooltrailError(
        "invalid-input",
        `${rule.title} has no parameter ${name}; its parameters are ${Object.keys(shape).join(", ")}`,
      );
  const r = rule.params.safeParse(given);
  if (!r.success) {
    const issue = r.error.issues[0];
    const name = String(issue?.path[0] ?? "");
    const where = name ? paramLabel(rule.params, name) : "the parameters";
    throw new TooltrailError("invalid-input", `${where}: ${issue?.message ?? "is not valid"}`);
  }
  const parsed = r.data as Record<string, unknown>;
  return Object.fromEntries(Object.keys(given).map((k) => [k, parsed[k]]));
}
