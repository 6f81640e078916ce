import { z } from "zod";
import { TooltrailError } from "../core/errors";
import { globToRegExp } from "./revocation-match";
import type { Classification, PolicyGrant } from "./types";

/*
 * A Guard policy's grants: who may call which tool on which server, rule by rule. The document
 * is Guard's policy file as Guard registered it (guard/src/policy/schema.ts); it is read here
 * leniently (unknown keys are ignored) because Tooltrail must read the policies of Guard
 * versions older and newer than itself, and Guard has already refused invalid ones.
 */

const ORDER: readonly Classification[] = ["public", "internal", "confidential", "restricted"];
const classification = z.enum(["public", "internal", "confidential", "restricted"]);
const names = z.array(z.string()).optional();

const ruleSchema = z.looseObject({
  id: z.string(),
  effect: z.string(),
  roles: names,
  actors: names,
  servers: names,
  tools: names,
  methods: names,
  max_classification: classification.optional(),
});

const toolSchema = z.looseObject({
  sensitive: z.boolean().optional(),
  approval: z.boolean().optional(),
  classification: classification.optional(),
});

export const policyDocumentSchema = z.looseObject({
  version: z.literal(1),
  id: z.string().min(1),
  server: z.looseObject({ name: z.string().optional() }).optional(),
  rules: z.array(ruleSchema).default([]),
  tools: z.record(z.string(), toolSchema).default({}),
});
export type PolicyDocument = z.output<typeof policyDocumentSchema>;

/** Guard classifies a tool the policy does not classify as internal. */
const rank = (c: Classification | undefined) => ORDER.indexOf(c ?? "internal");

/**
 * The allow (and escalate: allowed once a person approves) rules of a policy, expanded to one
 * grant per server, tool (name or glob) and principal. Deny rules grant nothing; rules that do
 * not cover `tools/call` (resources, prompts) are not tool grants. A rule naming actors grants
 * to those actors (its roles only narrow it further); one naming roles only grants to the
 * roles; one naming neither grants to any caller. `server` defaults to the policy's own name;
 * a rule whose `servers` globs do not match it grants nothing there.
 */
export function grantsOfPolicy(document: unknown, opts: { server?: string } = {}): PolicyGrant[] {
  const parsed = policyDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new TooltrailError(
      "invalid-input",
      `not a Guard policy: ${i?.path.join(".") || "document"}: ${i?.message ?? "invalid"}`,
    );
  }
  const policy = parsed.data;
  const server = opts.server ?? policy.server?.name ?? "";
  const out: PolicyGrant[] = [];
  const seen = new Set<string>();
  for (const rule of policy.rules) {
    if (rule.effect !== "allow" && rule.effect !== "escalate") continue;
    const methods = rule.methods ?? ["tools/call"];
    if (!methods.includes("tools/call") && !methods.includes("*")) continue;
    if (server && rule.servers && !rule.servers.some((g) => globToRegExp(g).test(server))) continue;
    const principals: PolicyGrant["principal"][] = rule.actors
      ? rule.actors.map((id) => ({ kind: "actor", id }))
      : rule.roles
        ? rule.roles.map((id) => ({ kind: "role", id }))
        : [{ kind: "any", id: "" }];
    for (const tool of rule.tools ?? ["*"]) {
      const covered = coveredTools(policy, tool, rule.max_classification);
      if (!covered) continue;
      const sensitive =
        rule.effect === "escalate" || covered.some((t) => t.sensitive === true || t.approval);
      const top = covered.reduce<Classification | null>(
        (m, t) =>
          t.classification && (m === null || rank(t.classification) > rank(m))
            ? t.classification
            : m,
        null,
      );
      for (const principal of principals) {
        const key = JSON.stringify([tool, principal.kind, principal.id, rule.id]);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ server, tool, principal, ruleId: rule.id, sensitive, classification: top });
      }
    }
  }
  return out;
}

/**
 * The policy's tool settings a rule's tool pattern covers, within the rule's
 * max_classification; null when the rule cannot apply to it at all (a named tool classified
 * above the rule's maximum).
 */
function coveredTools(
  policy: PolicyDocument,
  pattern: string,
  max: Classification | undefined,
): z.output<typeof toolSchema>[] | null {
  const within = (t: z.output<typeof toolSchema> | undefined) =>
    max === undefined || rank(t?.classification) <= rank(max);
  if (!pattern.includes("*")) {
    const t = policy.tools[pattern];
    if (!within(t)) return null;
    return t ? [t] : [];
  }
  const re = globToRegExp(pattern);
  return Object.entries(policy.tools)
    .filter(([name, t]) => re.test(name) && within(t))
    .map(([, t]) => t);
}
