import type { RuleConfigRecord } from "../../db/store/detection-types";
import { emptyKeys, type History, hasMisses } from "./baselines";
import { type GroupField, groupByFields, regroup } from "./grouping";
import { type StateTexts, scrubJson } from "./history-cache";
import { RULES } from "./rules";
import type { DetectEvent, Finding, Rule } from "./types";

/**
 * Which rules run for a tenant and with what, and running them over one window. A rule without a
 * stored configuration runs with its defaults if it is enabled by default; stored parameters the
 * rule's schema refuses (a rule changed since they were saved) skip that rule with an error the
 * caller reports, rather than stopping every other rule.
 */

export type ActiveRule = {
  rule: Rule;
  params: unknown;
  allow: ReadonlySet<string>;
  /** Grouping fields beyond the rule's own group key (grouping.ts); empty by default. */
  groupBy?: readonly GroupField[];
};

export type RuleError = { rule: string; message: string };

export function allRules(): Rule[] {
  return Object.values(RULES).filter((r): r is Rule => r !== undefined);
}

export function activeRules(
  rules: readonly Rule[],
  configs: readonly RuleConfigRecord[],
): { active: ActiveRule[]; errors: RuleError[] } {
  const byRule = new Map(configs.map((c) => [c.rule, c]));
  const active: ActiveRule[] = [];
  const errors: RuleError[] = [];
  for (const rule of rules) {
    const config = byRule.get(rule.id);
    if (!(config ? config.enabled : rule.enabledByDefault)) continue;
    const parsed = rule.params.safeParse(config?.params ?? {});
    if (!parsed.success) {
      errors.push({
        rule: rule.id,
        message: `stored parameters are invalid (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); correct them in Settings`,
      });
      continue;
    }
    const groupBy = groupByFields.safeParse(config?.groupBy ?? []);
    if (!groupBy.success) {
      errors.push({
        rule: rule.id,
        message: `stored grouping fields are invalid (${groupBy.error.issues.map((i) => i.message).join("; ")}); correct them in Settings`,
      });
      continue;
    }
    active.push({
      rule,
      params: parsed.data,
      allow: new Set(config?.allow ?? []),
      groupBy: groupBy.data,
    });
  }
  return { active, errors };
}

/**
 * A rule's state is stored under its id and version: a new version of a rule (whose state may
 * have another shape) starts from its initial state.
 */
export function stateKey(rule: Pick<Rule, "id" | "version">): string {
  return `${rule.id}@${rule.version}`;
}

export type RuleRun = { findings: Finding[]; state: StateTexts; errors: RuleError[] };

/**
 * Runs every active rule over the window with its state, given and returned as JSON text per
 * rule (history-cache.ts): each run parses its own copy, so a rule that mutates its state in place
 * stays repeatable, and the text is what the store keeps. History a rule asked for but was not
 * loaded is loaded and the rule run again from the same state.
 */
export async function runRules(args: {
  active: readonly ActiveRule[];
  events: readonly DetectEvent[];
  window: { from: number; to: number };
  state: ReadonlyMap<string, string>;
  history: History;
  learningSince: number;
}): Promise<RuleRun> {
  const findings: Finding[] = [];
  const state: StateTexts = new Map();
  const errors: RuleError[] = [];
  let byId: Map<string, DetectEvent> | null = null;
  for (const { rule, params, allow, groupBy = [] } of args.active) {
    const key = stateKey(rule);
    const before = args.state.get(key);
    const run = () => {
      const misses = emptyKeys();
      const out = rule.evaluate({
        events: args.events as DetectEvent[],
        state: before === undefined ? rule.initialState() : JSON.parse(before),
        params,
        allow,
        baselines: args.history.view(args.learningSince, misses),
        window: args.window,
      });
      return { out, misses };
    };
    try {
      let { out, misses } = run();
      if (hasMisses(misses)) {
        await args.history.load(misses);
        ({ out } = run());
      }
      const own = out.findings.filter((f) => f.rule === rule.id);
      if (groupBy.length > 0) byId ??= new Map(args.events.map((e) => [e.id, e]));
      findings.push(...(byId && groupBy.length > 0 ? regroup(own, groupBy, byId) : own));
      state.set(key, scrubJson(JSON.stringify(out.state)));
    } catch (err) {
      errors.push({ rule: rule.id, message: err instanceof Error ? err.message : String(err) });
      state.set(key, before ?? scrubJson(JSON.stringify(rule.initialState())));
    }
  }
  return { findings, state, errors };
}
