import { type MappedEvent, mapSpan, putLabel } from "./map-span";
import { attrString, type OtlpSpan } from "./model";

/**
 * Guardrail spans (`gen_ai.run_guardrail.*`) judge a tool call; their verdict becomes the call's
 * `decision`. They are matched to the call they guard within the same export request.
 */
export function isGuardrailSpan(s: OtlpSpan): boolean {
  return (
    s.name.startsWith("gen_ai.run_guardrail") || s.attributes.has("gen_ai.guardrail.verdict.type")
  );
}

const SEVERITY = ["allow", "warn", "modify", "escalate", "deny"] as const;
type Verdict = (typeof SEVERITY)[number];
const SYNONYMS: Record<string, Verdict> = {
  allow: "allow",
  allowed: "allow",
  pass: "allow",
  warn: "warn",
  flag: "warn",
  modify: "modify",
  redact: "modify",
  escalate: "escalate",
  deny: "deny",
  denied: "deny",
  block: "deny",
  blocked: "deny",
  reject: "deny",
};
/** Actions that mean the call was actually stopped (a verdict may also be only logged). */
const ENFORCING = new Set(["deny", "block", "blocked", "reject", "abort"]);

/**
 * The call a guardrail guards, in order of evidence: its explicit target id (tool call id,
 * JSON-RPC id or span id), its parent, its only child call, or its only sibling call.
 */
export function guardedCall(g: OtlpSpan, calls: OtlpSpan[]): OtlpSpan | null {
  const sameTrace = calls.filter((c) => c.traceId === g.traceId);
  const target = attrString(g.attributes, "gen_ai.guardrail.target.id");
  if (target !== undefined) {
    const hit = calls.find(
      (c) =>
        c.spanId === target ||
        attrString(c.attributes, "gen_ai.tool.call.id") === target ||
        (c.traceId === g.traceId && attrString(c.attributes, "jsonrpc.request.id") === target),
    );
    if (hit) return hit;
  }
  const parent = sameTrace.find((c) => c.spanId === g.parentSpanId);
  if (parent) return parent;
  const children = sameTrace.filter((c) => c.parentSpanId === g.spanId);
  if (children.length === 1) return children[0] ?? null;
  const siblings = sameTrace.filter(
    (c) => g.parentSpanId !== "" && c.parentSpanId === g.parentSpanId,
  );
  return siblings.length === 1 ? (siblings[0] ?? null) : null;
}

/** Applies the most severe verdict among a call's guardrails to its event. */
export function applyGuardrails(event: MappedEvent, guards: OtlpSpan[]): void {
  let chosen: { g: OtlpSpan; verdict: Verdict } | null = null;
  for (const g of guards) {
    const raw = attrString(g.attributes, "gen_ai.guardrail.verdict.type")?.toLowerCase();
    const verdict = raw === undefined ? undefined : SYNONYMS[raw];
    if (verdict === undefined) continue;
    if (!chosen || SEVERITY.indexOf(verdict) > SEVERITY.indexOf(chosen.verdict))
      chosen = { g, verdict };
  }
  if (guards.length > 1) putLabel(event.labels, "gen_ai.guardrail.count", String(guards.length));
  if (!chosen) return;
  const a = chosen.g.attributes;
  const reason = attrString(a, "gen_ai.guardrail.verdict.reason");
  const code = attrString(a, "gen_ai.guardrail.verdict.code");
  const decision: Record<string, string> = { verdict: chosen.verdict };
  const policy = attrString(a, "gen_ai.security.policy.id");
  const rule = attrString(a, "gen_ai.security.policy.rule.id");
  if (policy !== undefined) decision.policy_id = policy.slice(0, 257);
  if (rule !== undefined) decision.rule_id = rule.slice(0, 257);
  if (reason !== undefined || code !== undefined)
    decision.reason = [reason, code === undefined ? undefined : `(code ${code})`]
      .filter(Boolean)
      .join(" ")
      .slice(0, 1025);
  event.decision = decision;
  const action = attrString(a, "gen_ai.guardrail.action.type");
  for (const key of [
    "gen_ai.guardrail.action.type",
    "gen_ai.guardrail.component.name",
    "gen_ai.security.risk.category",
    "gen_ai.security.risk.score",
  ]) {
    const v = attrString(a, key);
    if (v !== undefined) putLabel(event.labels, key, v);
  }
  const enforced = action === undefined || ENFORCING.has(action.toLowerCase());
  if (
    chosen.verdict === "deny" &&
    enforced &&
    (event.outcome === "ok" || event.outcome === "error")
  )
    event.outcome = "denied";
}

/**
 * A guardrail whose call is not in the same request (exporters may send a child span before its
 * parent ends) is still evidence of a decision: it is stored as an event of its own, correlated
 * with the call by trace id, rather than dropped.
 */
export function mapStandaloneGuardrail(g: OtlpSpan): MappedEvent {
  const event = mapSpan(g);
  event.method = "gen_ai.run_guardrail";
  if (attrString(g.attributes, "gen_ai.tool.name") === undefined) delete event.tool;
  if (g.parentSpanId !== "") putLabel(event.labels, "otel.parent_span_id", g.parentSpanId);
  applyGuardrails(event, [g]);
  return event;
}
