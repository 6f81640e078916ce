import type { Redaction } from "../contract/event-v1";
import { newRedactionBudget, type RedactionBudget } from "./custom-pattern";
import type { CompiledRedactionPolicy } from "./policy";
import { redactText } from "./redact-text";

export const REDACTED_BY = "tooltrail";

type Tally = Map<string, Redaction>;

function record(tally: Tally, field: string, type: string, count: number): void {
  const key = `${field}\u0000${type}`;
  const hit = tally.get(key);
  if (hit) hit.count += count;
  else tally.set(key, { field, type, count, by: REDACTED_BY });
}

/**
 * Redacts string values anywhere in a JSON value, and whole values under sensitive keys (a
 * `password` is a secret whatever it looks like). Keys are kept: they say what was there.
 * Never mutates the input; returns the same reference when nothing changed. `budget` bounds the
 * work of the tenant's own patterns over the whole value (see CUSTOM_WORK_PER_EVENT).
 */
export function redactJson(
  value: unknown,
  policy: CompiledRedactionPolicy,
  path = "arguments",
  budget: RedactionBudget = newRedactionBudget(),
): { value: unknown; redactions: Redaction[] } {
  const tally: Tally = new Map();
  const out = walk(value, policy, path, tally, budget);
  return { value: out, redactions: [...tally.values()] };
}

function walk(
  value: unknown,
  policy: CompiledRedactionPolicy,
  path: string,
  tally: Tally,
  budget: RedactionBudget,
): unknown {
  if (typeof value === "string") {
    const r = redactText(value, policy, budget);
    for (const [type, count] of Object.entries(r.counts)) record(tally, path, type, count);
    return r.text;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    value.forEach((item, i) => {
      const next = walk(item, policy, `${path}[${i}]`, tally, budget);
      if (next !== item) {
        copy ??= [...value];
        copy[i] = next;
      }
    });
    return copy ?? value;
  }
  if (value !== null && typeof value === "object") {
    let copy: Record<string, unknown> | null = null;
    for (const [k, v] of Object.entries(value)) {
      const childPath = `${path}.${k}`;
      let next: unknown;
      if (
        policy.isSensitiveKey(k) &&
        v !== null &&
        v !== "" &&
        !(typeof v === "string" && policy.allowlist.has(v))
      ) {
        next = "[REDACTED:secret_field]";
        record(tally, childPath, "secret_field", 1);
      } else {
        next = walk(v, policy, childPath, tally, budget);
      }
      if (next !== v) {
        copy ??= { ...(value as Record<string, unknown>) };
        copy[k] = next;
      }
    }
    return copy ?? value;
  }
  return value;
}
