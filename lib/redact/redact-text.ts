import type { CompiledRedactionPolicy } from "./policy";

export type TextRedaction = { text: string; counts: Record<string, number> };

const NONE: Record<string, number> = Object.freeze({}) as Record<string, number>;

/**
 * Replaces every detected secret or personal datum with `[REDACTED:<type>]`. Detectors run in
 * order over the progressively redacted text, so a private key is removed whole before the
 * email inside its comment could be counted separately; the tenant's own patterns run last.
 * Returns the input string (same reference) and a shared empty count object when nothing
 * matched: the common case allocates nothing.
 */
export function redactText(text: string, policy: CompiledRedactionPolicy): TextRedaction {
  if (text.length < 6 || policy.allowlist.has(text)) return { text, counts: NONE };
  let out = text;
  let counts: Record<string, number> | null = null;
  const add = (id: string, n: number) => {
    if (n === 0) return;
    counts ??= {};
    counts[id] = (counts[id] ?? 0) + n;
  };
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
    add(d.id, n);
  }
  for (const c of policy.custom) {
    if (!c.pattern.test(out)) continue;
    let n = 0;
    out = c.pattern.replace(out, (match) => {
      // An empty match hides nothing; counting it would put a token between every character.
      if (match === "" || policy.allowlist.has(match)) return match;
      n++;
      return `[REDACTED:${c.id}]`;
    });
    add(c.id, n);
  }
  return counts ? { text: out, counts } : { text, counts: NONE };
}
