import { newRedactionBudget, type RedactionBudget } from "./custom-pattern";
import type { CompiledRedactionPolicy } from "./policy";

export type TextRedaction = { text: string; counts: Record<string, number> };

const NONE: Record<string, number> = Object.freeze({}) as Record<string, number>;

/**
 * Replaces every detected secret or personal datum with `[REDACTED:<type>]`. Detectors run in
 * order over the progressively redacted text, so a private key is removed whole before the
 * email inside its comment could be counted separately; the tenant's own patterns run last.
 * Returns the input string (same reference) and a shared empty count object when nothing
 * matched: the common case allocates nothing. `budget` is shared by the values of one event.
 */
export function redactText(
  text: string,
  policy: CompiledRedactionPolicy,
  budget?: RedactionBudget,
): TextRedaction {
  if (text.length < 6 || policy.allowlist.has(text)) return { text, counts: NONE };
  let out = text;
  let counts: Record<string, number> | null = null;
  for (const d of policy.detectors) {
    if (!d.pre(out)) continue;
    d.pattern.lastIndex = 0;
    if (!d.pattern.test(out)) continue;
    d.pattern.lastIndex = 0;
    let n = 0;
    out = out.replace(d.pattern, (match: string, ...groups: unknown[]) => {
      if (policy.allowlist.has(match) || (d.valid && !d.valid(match))) return match;
      n++;
      const token = `[REDACTED:${d.id}]`;
      if (d.group === undefined) return token;
      const part = groups[d.group - 1];
      return typeof part === "string" ? match.replace(part, token) : token;
    });
    if (n > 0) {
      counts ??= {};
      counts[d.id] = (counts[d.id] ?? 0) + n;
    }
  }
  if (policy.custom.length > 0) {
    counts ??= {};
    out = redactCustom(out, policy, budget ?? newRedactionBudget(), counts);
    if (Object.keys(counts).length === 0) counts = null;
  }
  return counts ? { text: out, counts } : { text, counts: NONE };
}

/** The tenant's own patterns, within what is left of the event's budget. */
function redactCustom(
  text: string,
  policy: CompiledRedactionPolicy,
  budget: RedactionBudget,
  counts: Record<string, number>,
): string {
  let out = text;
  for (const c of policy.custom) {
    const work = out.length * c.pattern.programSize;
    if (work > budget.work) {
      // Fail closed: a value the pattern cannot afford to read is withheld, not let through.
      counts[c.id] = (counts[c.id] ?? 0) + 1;
      return `[REDACTED:${c.id}]`;
    }
    budget.work -= work;
    if (!c.pattern.test(out)) continue;
    let n = 0;
    out = c.pattern.replace(out, (match) => {
      // An empty match hides nothing; counting it would put a token between every character.
      if (match === "" || policy.allowlist.has(match)) return match;
      n++;
      return `[REDACTED:${c.id}]`;
    });
    if (n > 0) counts[c.id] = (counts[c.id] ?? 0) + n;
  }
  return out;
}
