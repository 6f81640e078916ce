import type { EventV1 } from "./event-v1";
import { LIMITS, STRING_MAXIMA } from "./limits";

type Obj = Record<string, unknown> | null | undefined;

/** Cuts at a code-point boundary so a trimmed string is still well-formed UTF-16. */
export function cutString(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

const max = (path: string) => STRING_MAXIMA[path] as number;

/** `recorded` names the exact element for list items, e.g. redactions[3].field. */
function cut(o: Obj, key: string, path: string, out: string[], recorded = path): void {
  if (o === null || o === undefined) return;
  const v = o[key];
  const limit = max(path);
  if (typeof v === "string" && v.length > limit) {
    o[key] = cutString(v, limit);
    out.push(recorded);
  }
}

function cutItems(list: unknown, path: string, out: string[]): void {
  if (!Array.isArray(list)) return;
  const limit = max(`${path}[]`);
  for (let i = 0; i < list.length; i++) {
    const v: unknown = list[i];
    if (typeof v === "string" && v.length > limit) {
      list[i] = cutString(v, limit);
      out.push(`${path}[${i}]`);
    }
  }
}

/**
 * Trims every string field of STRING_MAXIMA in place and records each trim. Written out field by
 * field rather than walking the table's paths: this runs for every ingested event, and a walk
 * with computed keys cost 20x more (bench:prepare). trim-strings.test.ts fails if a path of the
 * table is missing here.
 */
export function trimStrings(event: EventV1, out: string[]): void {
  const e = event as unknown as Record<string, unknown>;
  const s = e.server as Obj;
  cut(s, "name", "server.name", out);
  cut(s, "version", "server.version", out);
  cut(s, "instance", "server.instance", out);
  cut(e, "method", "method", out);
  cut(e, "tool", "tool", out);
  cut(e, "resource_uri", "resource_uri", out);
  cut(e, "prompt_name", "prompt_name", out);
  const a = e.actor as Obj;
  cut(a, "id", "actor.id", out);
  cut(a, "name", "actor.name", out);
  cut(a, "email", "actor.email", out);
  cut(a, "ip", "actor.ip", out);
  cut(a, "user_agent", "actor.user_agent", out);
  cutItems(a?.roles, "actor.roles", out);
  cut(e.client as Obj, "name", "client.name", out);
  cut(e.client as Obj, "version", "client.version", out);
  const g = e.agent as Obj;
  cut(g, "id", "agent.id", out);
  cut(g, "name", "agent.name", out);
  cut(g, "model", "agent.model", out);
  cut(e, "session_id", "session_id", out);
  cut(e, "conversation_id", "conversation_id", out);
  cut(e, "trace_id", "trace_id", out);
  cut(e, "span_id", "span_id", out);
  cut(e, "request_id", "request_id", out);
  const r = e.error as Obj;
  cut(r, "type", "error.type", out);
  cut(r, "code", "error.code", out);
  cut(r, "message", "error.message", out);
  const d = e.decision as Obj;
  cut(d, "policy_id", "decision.policy_id", out);
  cut(d, "rule_id", "decision.rule_id", out);
  cut(d, "reason", "decision.reason", out);
  cut(e.rate_limit as Obj, "key", "rate_limit.key", out);
  cut(e.approval as Obj, "by", "approval.by", out);
  cutItems((e.validation as Obj)?.errors, "validation.errors", out);
  const redactions = e.redactions;
  if (Array.isArray(redactions))
    for (let i = 0; i < redactions.length; i++) {
      const item = redactions[i] as Obj;
      cut(item, "field", "redactions[].field", out, `redactions[${i}].field`);
      cut(item, "type", "redactions[].type", out, `redactions[${i}].type`);
    }
  const labels = e.labels as Record<string, string> | undefined;
  if (labels)
    for (const k in labels) {
      const v = labels[k] as string;
      if (v.length > LIMITS.labelValueChars) {
        labels[k] = cutString(v, LIMITS.labelValueChars);
        out.push(`labels.${k}`);
      }
    }
}
