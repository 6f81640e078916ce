import type { CallContext, Decision } from "../policy/evaluate";
import type { ActivePolicy } from "../policy/holder";
import { revocationReason, revocationRuleId } from "../shared";
import type { RevocationEntry, RevocationList } from "./revocation-list";

export type EffectiveDecision = Decision & { revocation?: RevocationEntry };

/**
 * Guard's decision on a call: a revocation from Tooltrail's access reviews denies first, whatever
 * the local policy file says; otherwise the policy's rules decide. The same function serves real
 * calls and the dry run of a newly revoked principal and tool, so what is confirmed to Tooltrail
 * is what calls get.
 */
export function effectiveDecision(
  active: ActivePolicy,
  revocations: RevocationList,
  call: CallContext,
): EffectiveDecision {
  if (call.method === "tools/call" && call.tool !== undefined) {
    const r = revocations.match(call.identity, call.tool);
    if (r)
      return {
        verdict: "deny",
        policy_id: active.policy.id,
        rule_id: revocationRuleId(r.id),
        reason: revocationReason({
          campaignName: r.campaign_name,
          campaignId: r.campaign_id,
          reason: r.reason,
        }),
        revocation: r,
      };
  }
  return active.authorizer.decide(call);
}

/** The caller a revocation's principal stands for, in a dry run. */
export function dryRunIdentity(principal: string) {
  if (principal === "*") return { id: "(any caller)", type: "user" as const, roles: [] };
  if (principal.startsWith("role:"))
    return {
      id: `(any holder of role ${principal.slice(5)})`,
      type: "user" as const,
      roles: [principal.slice(5)],
    };
  return { id: principal, type: "user" as const, roles: [] };
}

export type DryRun = {
  revocation_id: string;
  results: { tool: string; verdict: Decision["verdict"]; rule_id: string }[];
};

/**
 * Evaluates a revocation's principal and each revoked tool (`*` standing for every tool) against
 * the effective policy: no call leaves Guard. Reported in the heartbeat as the confirmation.
 */
export function dryRun(
  active: ActivePolicy,
  revocations: RevocationList,
  r: RevocationEntry,
  server: string,
  now: Date,
): DryRun {
  const identity = dryRunIdentity(r.principal);
  const tools = r.tools.length > 0 ? r.tools : ["*"];
  return {
    revocation_id: r.id,
    results: tools.map((tool) => {
      const d = effectiveDecision(active, revocations, {
        identity,
        server,
        method: "tools/call",
        tool,
        args: {},
        now,
      });
      return { tool, verdict: d.verdict, rule_id: d.rule_id };
    }),
  };
}
