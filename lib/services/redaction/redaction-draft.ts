import { z } from "zod";
import {
  compileCustomPattern,
  type RedactionConfig,
  redactionConfigSchema,
  storedRedactionConfigSchema,
} from "../../core/redact";

/**
 * The redaction settings as the form edits them: one list of rules in the order a person typed
 * them, so that a problem can be named by its place ("rule 3: …"), and the built-in detectors
 * that are off. `lib/core/redact` stays the one judge of what is valid: a draft becomes a
 * `RedactionConfig` only through its schema and its pattern compiler.
 */
export const RULE_KINDS = ["pattern", "key", "allow"] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** At most this many rows a form may send (50 patterns, 100 keys, 1,000 values, some blank). */
const MAX_ROWS = 1_200;

export const ruleDraftSchema = z.object({
  kind: z.enum(RULE_KINDS),
  /** A pattern rule's id: redactions are recorded as `[REDACTED:<name>]`. */
  name: z.string().max(200).default(""),
  /** The regular expression, the key name or the exact value; empty means "no rule". */
  pattern: z.string().max(4_096).default(""),
  ignoreCase: z.boolean().default(false),
});
export type RuleDraft = z.output<typeof ruleDraftSchema>;

export const redactionDraftSchema = z.object({
  rules: z.array(ruleDraftSchema).max(MAX_ROWS),
  /** Built-in detectors that are off. */
  disabled: z.array(z.string().max(64)).max(100).default([]),
});
export type RedactionDraft = z.output<typeof redactionDraftSchema>;
export type RedactionDraftInput = z.input<typeof redactionDraftSchema>;

/** A saved configuration as rows: patterns, then sensitive keys, then allowed values. */
export function draftOfConfig(stored: unknown): RedactionDraft {
  const parsed = storedRedactionConfigSchema.safeParse(stored ?? {});
  const c = parsed.success ? parsed.data : {};
  return {
    rules: [
      ...(c.custom ?? []).map((r) => ({
        kind: "pattern" as const,
        name: r.id,
        pattern: r.pattern,
        ignoreCase: r.flags === "i",
      })),
      ...(c.extraSensitiveKeys ?? []).map((k) => rule("key", k)),
      ...(c.allowlist ?? []).map((v) => rule("allow", v)),
    ],
    disabled: [...(c.disabled ?? [])],
  };
}

function rule(kind: RuleKind, pattern: string): RuleDraft {
  return { kind, name: "", pattern, ignoreCase: false };
}

/**
 * The form's fields (`rule.<n>.kind|name|pattern|ignoreCase`, the detectors it listed in
 * `detectors` and those left on in `detector`) as a draft. A form that listed no detectors
 * turns none off, so a post without them never disables every detector.
 */
export function draftFromForm(entries: Iterable<[string, unknown]>): RedactionDraft {
  const rows = new Map<number, Record<string, unknown>>();
  const on = new Set<string>();
  let listed: string[] = [];
  for (const [key, raw] of entries) {
    const value = typeof raw === "string" ? raw : "";
    const m = /^rule\.(\d{1,4})\.(kind|name|pattern|ignoreCase)$/.exec(key);
    if (m) {
      const i = Number(m[1]);
      if (!rows.has(i)) rows.set(i, { kind: "pattern", name: "", pattern: "", ignoreCase: false });
      const row = rows.get(i) as Record<string, unknown>;
      row[m[2] as string] = m[2] === "ignoreCase" ? value === "on" : value;
    } else if (key === "detector") on.add(value);
    else if (key === "detectors") listed = value.split(",").filter(Boolean);
  }
  return {
    rules: [...rows.entries()].sort(([a], [b]) => a - b).map(([, r]) => r as RuleDraft),
    disabled: listed.filter((id) => !on.has(id)),
  };
}

export type RuleProblem = { rule: number | null; message: string };

export type CheckedDraft =
  | { ok: true; config: RedactionConfig; rules: number }
  | { ok: false; problems: RuleProblem[] };

/**
 * The draft as a configuration, or every problem in words, each naming its rule by its place in
 * the list (1-based, blank rows counted, so the numbers match what the person sees). A row
 * with an empty pattern is no rule.
 */
export function checkDraft(draft: RedactionDraft): CheckedDraft {
  const custom: NonNullable<RedactionConfig["custom"]> = [];
  const keys: string[] = [];
  const allow: string[] = [];
  const at = {
    custom: [] as number[],
    extraSensitiveKeys: [] as number[],
    allowlist: [] as number[],
  };
  const problems: RuleProblem[] = [];
  const unnamed = new Set<number>();
  draft.rules.forEach((r, i) => {
    const n = i + 1;
    if (r.pattern === "") return;
    if (r.kind === "pattern") {
      const id = r.name.trim();
      if (id === "") {
        unnamed.add(n);
        problems.push({
          rule: n,
          message: `rule ${n}: give the pattern a name (redactions are recorded as [REDACTED:<name>])`,
        });
      }
      custom.push({ id, pattern: r.pattern, ...(r.ignoreCase ? { flags: "i" as const } : {}) });
      at.custom.push(n);
      // The core's own compiler, rule by rule: every broken pattern is named at once.
      const c =
        r.pattern.length <= 512 ? compileCustomPattern(r.pattern, r.ignoreCase ? "i" : "") : null;
      if (c && !c.ok) problems.push({ rule: n, message: `rule ${n}: ${patternWords(c.message)}` });
    } else if (r.kind === "key") {
      keys.push(r.pattern.trim());
      at.extraSensitiveKeys.push(n);
    } else {
      allow.push(r.pattern);
      at.allowlist.push(n);
    }
  });
  const config: RedactionConfig = {
    ...(draft.disabled.length ? { disabled: draft.disabled } : {}),
    ...(keys.length ? { extraSensitiveKeys: keys } : {}),
    ...(custom.length ? { custom } : {}),
    ...(allow.length ? { allowlist: allow } : {}),
  };
  const parsed = redactionConfigSchema.safeParse(config);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const p = issueProblem(issue, at);
      const nameless = p?.rule != null && unnamed.has(p.rule) && issue.path[2] === "id";
      if (p && !nameless && !problems.some((q) => q.rule === p.rule && q.message === p.message))
        problems.push(p);
    }
  if (problems.length > 0 || !parsed.success) {
    if (problems.length === 0) problems.push({ rule: null, message: "the rules do not validate" });
    return { ok: false, problems: problems.sort((a, b) => (a.rule ?? 0) - (b.rule ?? 0)) };
  }
  return { ok: true, config: parsed.data, rules: custom.length + keys.length + allow.length };
}

const FIELD_WORDS: Record<string, Record<string, string>> = {
  custom: { id: "name", pattern: "pattern", flags: "flags" },
  extraSensitiveKeys: { "": "key name" },
  allowlist: { "": "value" },
};
const SECTION_WORDS: Record<string, string> = {
  custom: "pattern rules",
  extraSensitiveKeys: "sensitive key rules",
  allowlist: "allowed values",
};

function issueProblem(
  issue: z.core.$ZodIssue,
  at: Record<"custom" | "extraSensitiveKeys" | "allowlist", number[]>,
): RuleProblem | null {
  const [section, index, field] = issue.path as [string, number | undefined, string | undefined];
  if (section === "disabled")
    return { rule: null, message: `built-in detectors: ${issue.message}` };
  const rows = at[section as keyof typeof at];
  if (!rows) return { rule: null, message: `${issue.path.join(".")}: ${issue.message}` };
  if (index === undefined)
    return {
      rule: null,
      message:
        issue.code === "too_big"
          ? `at most ${String(issue.maximum)} ${SECTION_WORDS[section]} (there are ${rows.length})`
          : `${SECTION_WORDS[section]}: ${issue.message}`,
    };
  const n = rows[index] ?? index + 1;
  const what = FIELD_WORDS[section]?.[field ?? ""] ?? field ?? "value";
  if (what === "pattern" && issue.code === "custom")
    return { rule: n, message: `rule ${n}: ${patternWords(issue.message)}` };
  if (issue.code === "too_big")
    return {
      rule: n,
      message: `rule ${n}: ${what} is longer than ${String(issue.maximum)} characters`,
    };
  if (issue.code === "too_small") return { rule: n, message: `rule ${n}: ${what} is empty` };
  return { rule: n, message: `rule ${n}: ${what}: ${issue.message}` };
}

/** The core compiler's message, phrased as what is wrong with this rule's pattern. */
function patternWords(message: string): string {
  const invalid = /^invalid regular expression: /;
  return invalid.test(message)
    ? `pattern is not a valid regular expression: ${message.replace(invalid, "")}`
    : `pattern: ${message}`;
}
