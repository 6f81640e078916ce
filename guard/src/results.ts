import type { GuardEvent } from "./guard";
import type { ActivePolicy } from "./policy/holder";
import { sanitizeResult } from "./sanitize";

type Decision = { verdict: string; reason: string; rule_id?: string };

/** Methods whose results carry data to the agent and go through the output controls. */
export const OUTPUT_METHODS = new Set(["tools/call", "resources/read", "prompts/get"]);

/**
 * Applies the output controls to one result and records what they did in the event. A tool
 * result that must be withheld becomes an `isError` result the model can read; a resource or
 * prompt (whose shapes have no error form) becomes a JSON-RPC error.
 */
export function controlOutput(
  active: ActivePolicy,
  ev: GuardEvent,
  tool: string | undefined,
  raw: Record<string, unknown>,
): { result: Record<string, unknown> } | { error: { code: number; message: string } } {
  const { policy, redaction, authorizer } = active;
  const isTool = ev.method === "tools/call";
  const maxBytes =
    (tool ? policy.tools[tool]?.max_result_bytes : undefined) ?? policy.output.max_result_bytes;
  const s = sanitizeResult(raw, {
    redaction,
    maxBytes,
    oversize: isTool ? policy.output.oversize : "refuse",
    injection: policy.output.injection,
    classification: authorizer.classificationOf(tool),
  });
  ev.result_bytes = s.resultBytes;
  ev.data_classification = s.classification;
  (ev.redactions as unknown[]).push(...s.redactions);
  const labels = ev.labels as Record<string, string>;
  const decision = ev.decision as Decision | undefined;
  if (s.injection.length > 0) {
    const found = s.injection.map((f) => `${f.type}:${f.count}`).join(",");
    labels["guard.injection"] = found;
    if (decision) {
      const mode = policy.output.injection;
      decision.verdict = mode === "warn" ? "warn" : mode === "strip" ? "modify" : "deny";
      decision.reason = `prompt-injection indicators in the result (${found}); ${mode}`;
    }
  }
  if (s.truncated) {
    labels["guard.result"] = "truncated";
    if (decision?.verdict === "allow") {
      decision.verdict = "modify";
      decision.reason = `result truncated to ${maxBytes} bytes`;
    }
  }
  if (s.refused) {
    const message = firstText(s.result) ?? "result withheld";
    ev.outcome = "denied";
    ev.error = { type: `result_${s.refused}`, message };
    if (decision) {
      decision.verdict = "deny";
      decision.rule_id = s.refused === "oversize" ? "output.max_result_bytes" : "output.injection";
    }
    if (!isTool) return { error: { code: -32003, message } };
  } else if (s.result.isError === true) {
    ev.outcome = "error";
    ev.error = { type: "tool_error", message: firstText(s.result) };
  }
  return { result: s.result };
}

function firstText(result: Record<string, unknown>): string | undefined {
  const c = Array.isArray(result.content) ? (result.content[0] as { text?: unknown }) : undefined;
  return typeof c?.text === "string" ? c.text.slice(0, 4096) : undefined;
}
