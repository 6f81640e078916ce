import { checkConstraints, globToRegExp } from "./constraints";
import {
  CLASSIFICATION_ORDER,
  type Classification,
  type Identity,
  type Policy,
  type Rule,
  type TimeWindow,
} from "./schema";

export type Decision = {
  verdict: "allow" | "deny" | "escalate";
  policy_id: string;
  rule_id: string;
  reason: string;
};

export type CallContext = {
  identity: Identity;
  server: string;
  method: string;
  tool?: string;
  args: Record<string, unknown>;
  now: Date;
};

type CompiledRule = Rule & { toolRes?: RegExp[]; serverRes?: RegExp[] };

const DAY_INDEX: Record<string, string> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};

/** Compiles the policy's rules once; `decide` then runs per call without allocation-heavy work. */
export class Authorizer {
  private readonly rules: CompiledRule[];
  private readonly regexes = new Map<string, RegExp>();
  private readonly clocks = new Map<string, Intl.DateTimeFormat>();

  constructor(private readonly policy: Policy) {
    this.rules = policy.rules.map((r) => ({
      ...r,
      toolRes: r.tools?.map(globToRegExp),
      serverRes: r.servers?.map(globToRegExp),
    }));
  }

  classificationOf(tool: string | undefined): Classification {
    return (tool && this.policy.tools[tool]?.classification) || "internal";
  }

  /** First matching rule wins; nothing matching is a denial (default deny). */
  decide(call: CallContext): Decision {
    const classification = this.classificationOf(call.tool);
    for (const r of this.rules) {
      if (!this.matches(r, call, classification)) continue;
      let verdict: Decision["verdict"] = r.effect;
      if (verdict === "allow" && call.tool && this.policy.tools[call.tool]?.approval)
        verdict = "escalate";
      return {
        verdict,
        policy_id: this.policy.id,
        rule_id: r.id,
        reason: r.description ?? `rule ${r.id} (${r.effect})`,
      };
    }
    return {
      verdict: "deny",
      policy_id: this.policy.id,
      rule_id: "default-deny",
      reason: `no rule allows ${call.tool ?? call.method} for ${call.identity.id}`,
    };
  }

  private matches(r: CompiledRule, call: CallContext, classification: Classification): boolean {
    const methods = r.methods ?? ["tools/call"];
    if (!methods.includes(call.method) && !methods.includes("*")) return false;
    if (r.roles && !r.roles.some((role) => call.identity.roles.includes(role))) return false;
    if (r.actors && !r.actors.includes(call.identity.id)) return false;
    if (r.attributes) {
      for (const [k, allowed] of Object.entries(r.attributes)) {
        const v = call.identity.attributes?.[k];
        if (v === undefined || !allowed.includes(v)) return false;
      }
    }
    if (r.serverRes && !r.serverRes.some((re) => re.test(call.server))) return false;
    if (r.toolRes && !(call.tool && r.toolRes.some((re) => re.test(call.tool as string))))
      return false;
    if (
      r.max_classification &&
      CLASSIFICATION_ORDER.indexOf(classification) >
        CLASSIFICATION_ORDER.indexOf(r.max_classification)
    )
      return false;
    if (r.time && !this.inWindow(r.time, call.now)) return false;
    if (r.where && checkConstraints(call.args, r.where, this.regexes, true).length > 0)
      return false;
    return true;
  }

  private inWindow(w: TimeWindow, now: Date): boolean {
    let clock = this.clocks.get(w.tz);
    if (!clock) {
      clock = new Intl.DateTimeFormat("en-GB", {
        timeZone: w.tz,
        weekday: "short",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
      this.clocks.set(w.tz, clock);
    }
    const parts = Object.fromEntries(clock.formatToParts(now).map((p) => [p.type, p.value]));
    const day = DAY_INDEX[parts.weekday ?? ""] ?? "";
    if (w.days && !w.days.includes(day as (typeof w.days)[number])) return false;
    if (w.from && w.to) {
      const t = `${parts.hour}:${parts.minute}`;
      // A window like 22:00-06:00 wraps midnight.
      return w.from <= w.to ? t >= w.from && t < w.to : t >= w.from || t < w.to;
    }
    return true;
  }
}
