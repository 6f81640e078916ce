import { RE2JS } from "re2js";

/**
 * Patterns a tenant types run on RE2JS, a JavaScript port of RE2: matching costs time linear in
 * the input whatever the pattern, where V8's backtracking engine can take 2^n steps on one
 * string (one probe's `(a|a)*$` held every tenant's ingestion for 12.5 s). Linear is not enough
 * alone: RE2's fallback NFA costs up to (input length × program size), so program size is capped
 * per rule and per tenant, and the work per event is budgeted. Our own detectors (detectors.ts)
 * stay on V8: we wrote them and keep them linear.
 */

/** Compiled instructions one rule may have: `[A-Z0-9]{8,40}` is about 80, `EMP-\d{6}` 12. */
export const MAX_RULE_PROGRAM = 1_000;
/** The sum over a tenant's custom rules: what the worst event costs is proportional to it. */
export const MAX_TENANT_PROGRAM = 2_000;

/**
 * Work the tenant's patterns may do for one event, in characters × compiled instructions (the
 * NFA's bound). About 1-5 ms of typical work; on patterns built to defeat RE2's DFA a unit costs
 * up to ~100 ns, so an event costs at most ~0.2 s. Past it, values are withheld whole (fail
 * closed): a tenant's heavy rules cost its own events detail, never other tenants time.
 */
export const CUSTOM_WORK_PER_EVENT = 2_000_000;

/** What is left of `CUSTOM_WORK_PER_EVENT` for one event (or one value redacted on its own). */
export type RedactionBudget = { work: number };

export function newRedactionBudget(): RedactionBudget {
  return { work: CUSTOM_WORK_PER_EVENT };
}

const SYNTAX_HINT = "custom patterns use RE2 syntax, which runs in linear time";

export type CustomPattern = {
  readonly programSize: number;
  test(text: string): boolean;
  /** Every non-overlapping match, left to right, replaced by what `fn` returns for it. */
  replace(text: string, fn: (match: string) => string): string;
};

export type CompiledCustomPattern =
  | { ok: true; pattern: CustomPattern }
  | { ok: false; message: string };

/**
 * Compiles with the semantics rules had on V8 (`gu`, plus `i` when asked): every match, by code
 * point. Lookbehinds are allowed (RE2JS evaluates captureless ones in linear time); what RE2
 * cannot run is refused with a message naming the construct.
 */
export function compileCustomPattern(source: string, flags: "i" | "" = ""): CompiledCustomPattern {
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, RE2JS.LOOKBEHINDS | (flags === "i" ? RE2JS.CASE_INSENSITIVE : 0));
  } catch (err) {
    return { ok: false, message: explain(source, err) };
  }
  const programSize = re.programSize();
  if (programSize > MAX_RULE_PROGRAM)
    return {
      ok: false,
      message: `pattern is too large once compiled (${programSize} instructions, at most ${MAX_RULE_PROGRAM}); lower its repeat counts ({n,m})`,
    };
  return {
    ok: true,
    pattern: {
      programSize,
      test: (text) => re.test(text),
      replace: (text, fn) => re.matcher(text).replaceAll((match: string) => fn(match)),
    },
  };
}

/** RE2's parse errors, in terms of what a person wrote for V8 and must change. */
function explain(source: string, err: unknown): string {
  const raw =
    err instanceof Error ? err.message.replace(/^error parsing regexp: /, "") : String(err);
  if (/unsupported Perl syntax: `\(\?[=!]`/.test(raw))
    return `lookahead (?=…) and (?!…) is not supported: ${SYNTAX_HINT}; match the following text too, or drop the condition`;
  if (/unsupported Perl syntax: `\(\?<[=!]`/.test(raw) || /invalid capture in lookbehind/.test(raw))
    return `a capturing group inside a lookbehind is not supported: ${SYNTAX_HINT}; use (?:…) inside (?<=…) and (?<!…)`;
  if (/invalid escape sequence: `\\[1-9k]/.test(raw))
    return `backreferences (\\1, \\k<name>) are not supported: ${SYNTAX_HINT}`;
  if (/invalid escape sequence: `\\u/.test(raw)) {
    const hex = /\\u\{?([0-9a-fA-F]{4,6})/.exec(source)?.[1] ?? "…";
    return `\\u escapes are not supported: ${SYNTAX_HINT}; write the code point as \\x{${hex}}`;
  }
  if (/invalid repeat count/.test(raw))
    return `repeat counts above 1000 (also when nested) are not supported: ${SYNTAX_HINT}`;
  return `invalid regular expression: ${raw} (${SYNTAX_HINT})`;
}
