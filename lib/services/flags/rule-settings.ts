import { TooltrailError } from "../../core/errors";
import { RULES } from "../../detect/rules/index";
import type { Rule } from "../../detect/types";
import { audit, type TenantCtx } from "../context";
import { detection, RESOLUTION_REASONS, type ResolutionReason } from "./flag-common";
import { type ParamField, paramFields } from "./param-fields";

export type RuleSetting = {
  id: string;
  title: string;
  description: string;
  version: number;
  enabled: boolean;
  enabledByDefault: boolean;
  /** The parameters in force: the tenant's values over the rule's defaults. */
  params: Record<string, unknown>;
  /** The names the tenant set (the others follow the defaults). */
  customised: string[];
  fields: ParamField[];
  allow: string[];
  enabledAt: Date | null;
  updatedAt: Date | null;
  updatedBy: string | null;
  /** How the tenant's analysts resolved this rule's flags: tuning evidence. */
  resolutions: Record<ResolutionReason, number>;
};

/**
 * Every available rule with the tenant's configuration merged over its defaults and how its
 * flags were resolved. For roles that configure rules or read flags; audited as
 * `detection.rules_view`.
 */
export async function readRuleSettings({ ctx }: { ctx: TenantCtx }): Promise<RuleSetting[]> {
  if (!ctx.can("detection:configure") && !ctx.can("flags:read"))
    throw new TooltrailError("forbidden", "your role may not do this (flags:read)");
  const store = detection(ctx);
  const [configs, counts] = await Promise.all([store.listRuleConfigs(), store.resolutionCounts()]);
  const rules = Object.values(RULES as Record<string, Rule | undefined>).filter(
    (r): r is Rule => r !== undefined,
  );
  const out = rules.map((rule): RuleSetting => {
    const c = configs.find((x) => x.rule === rule.id);
    const resolutions = Object.fromEntries(RESOLUTION_REASONS.map((r) => [r, 0])) as Record<
      ResolutionReason,
      number
    >;
    for (const n of counts)
      if (n.rule === rule.id && Object.hasOwn(resolutions, n.reason))
        resolutions[n.reason as ResolutionReason] += n.count;
    // A stored value the rule no longer accepts falls back to the defaults rather than failing.
    const merged = rule.params.safeParse(c?.params ?? {});
    return {
      id: rule.id,
      title: rule.title,
      description: rule.description,
      version: rule.version,
      enabled: c?.enabled ?? rule.enabledByDefault,
      enabledByDefault: rule.enabledByDefault,
      params: (merged.success ? merged.data : rule.params.parse({})) as Record<string, unknown>,
      customised: Object.keys(c?.params ?? {}),
      fields: paramFields(rule.params),
      allow: c?.allow ?? [],
      enabledAt: c?.enabledAt ?? null,
      updatedAt: c?.updatedAt ?? null,
      updatedBy: c?.updatedBy ?? null,
      resolutions,
    };
  });
  await audit(ctx, { action: "detection.rules_view", details: { rules: out.length } });
  return out;
}
