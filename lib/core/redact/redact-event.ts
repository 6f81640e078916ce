import type { EventV1, Redaction } from "../contract/event-v1";
import { LIMITS } from "../contract/limits";
import { newRedactionBudget } from "./custom-pattern";
import type { CompiledRedactionPolicy } from "./policy";
import { REDACTED_BY, redactJson } from "./redact-json";
import { redactText } from "./redact-text";

/**
 * Redacts what an event carries from the outside world (arguments, the error message, labels)
 * and appends what was done to `redactions`, keeping the source's own entries. Identity fields
 * (actor email, ip) are kept: they are who acted, which the audit trail exists to record.
 */
export function redactEvent(event: EventV1, policy: CompiledRedactionPolicy): EventV1 {
  const found: Redaction[] = [];
  const budget = newRedactionBudget();
  let next = event;
  if (event.arguments !== undefined) {
    const r = redactJson(event.arguments, policy, "arguments", budget);
    if (r.value !== event.arguments) {
      next = { ...next, arguments: r.value };
      found.push(...r.redactions);
    }
  }
  if (event.error?.message !== undefined) {
    const r = redactText(event.error.message, policy, budget);
    if (r.text !== event.error.message) {
      next = { ...next, error: { ...event.error, message: r.text } };
      for (const [type, count] of Object.entries(r.counts))
        found.push({ field: "error.message", type, count, by: REDACTED_BY });
    }
  }
  if (event.labels) {
    const r = redactJson(event.labels, policy, "labels", budget);
    if (r.value !== event.labels) {
      next = { ...next, labels: r.value as Record<string, string> };
      found.push(...r.redactions);
    }
  }
  if (found.length === 0) return event;
  return { ...next, redactions: boundRedactions([...(event.redactions ?? []), ...found]) };
}

/** Keeps the list within the contract's limit by merging the surplus per type at the top field. */
function boundRedactions(list: Redaction[]): Redaction[] {
  if (list.length <= LIMITS.redactions) return list;
  const kept = list.slice(0, LIMITS.redactions - 8);
  const merged = new Map<string, Redaction>();
  for (const r of list.slice(kept.length)) {
    const field = r.field.split(/[.[]/)[0] ?? r.field;
    const key = `${field}\u0000${r.type}`;
    const hit = merged.get(key);
    if (hit) hit.count += r.count;
    else merged.set(key, { field, type: r.type, count: r.count, by: r.by ?? REDACTED_BY });
  }
  return [...kept, ...[...merged.values()].slice(0, 8)];
}
