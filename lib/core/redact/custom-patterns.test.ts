import { describe, expect, it } from "vitest";
import type { EventV1 } from "../contract";
import { CUSTOM_WORK_PER_EVENT } from "./custom-pattern";
import { compileRedactionPolicy, type RedactionConfig, redactionConfigSchema } from "./policy";
import { redactEvent } from "./redact-event";
import { redactJson } from "./redact-json";
import { redactText } from "./redact-text";
import { invalidCustomRules, parseRedactionSettings } from "./settings-input";

/**
 * Tenant-typed patterns run on every event of the shared prepare workers and on the dashboard's
 * self-audit: they must cost linear time whatever the pattern and the input. These inputs take
 * a backtracking engine 2^n steps (n = 26 was 12.5 s); each test fails by never finishing.
 */
const policyOf = (custom: NonNullable<RedactionConfig["custom"]>) =>
  compileRedactionPolicy(redactionConfigSchema.parse({ custom }));

const issues = (config: unknown) =>
  redactionConfigSchema.safeParse(config).error?.issues.map((i) => i.message) ?? [];

describe("custom patterns run in linear time", () => {
  it("runs the probe's (a|a)*$ over a long hostile input and still redacts what it matches", () => {
    const policy = policyOf([{ id: "probe", pattern: "(a|a)*$" }]);
    const hostile = `${"a".repeat(100_000)}!`;
    expect(redactText(hostile, policy)).toEqual({ text: hostile, counts: {} });
    expect(redactText(`id ${"a".repeat(100_000)}`, policy)).toEqual({
      text: "id [REDACTED:probe]",
      counts: { probe: 1 },
    });
  });

  it.each([
    ["nested quantifiers", "(a+)+$", `${"a".repeat(50_000)}!`],
    ["overlapping alternation under a star", "(?:a|aa)*b", "a".repeat(50_000)],
    ["lookbehind before a nested quantifier", "(?<=x)(?:\\w+\\s?)+$", `x${"ab ".repeat(20_000)}!`],
  ])("completes on %s (%s)", (_name, pattern, hostile) => {
    const policy = policyOf([{ id: "hostile", pattern }]);
    expect(redactJson({ note: hostile }, policy)).toEqual({
      value: { note: hostile },
      redactions: [],
    });
  });

  it("keeps the i flag, global matching and code-point (u) semantics", () => {
    const policy = policyOf([
      { id: "employee_id", pattern: "emp-\\d{6}", flags: "i" },
      { id: "emoji_pair", pattern: "x.y" },
    ]);
    expect(redactText("😀 EMP-123456 and emp-654321, x😀y", policy)).toEqual({
      text: "😀 [REDACTED:employee_id] and [REDACTED:employee_id], [REDACTED:emoji_pair]",
      counts: { employee_id: 2, emoji_pair: 1 },
    });
  });

  it("never counts an empty match as a redaction (a pattern like a* would insert a token between every character)", () => {
    const policy = policyOf([{ id: "stars", pattern: "a*" }]);
    expect(redactText("bbbbbbbbbb", policy)).toEqual({ text: "bbbbbbbbbb", counts: {} });
    expect(redactText("bb aaa bbb", policy)).toEqual({
      text: "bb [REDACTED:stars] bbb",
      counts: { stars: 1 },
    });
  });
});

describe("the work one event may cost", () => {
  // Linear is (characters × compiled instructions): RE2's automaton slows to ~100 ns per unit on
  // patterns built for it (e.g. [ab]{200}$). Past a fixed budget per event the value is withheld.
  const event = (args: Record<string, string>): EventV1 => ({
    id: "e",
    time: "2026-03-01T10:00:00.000Z",
    server: { name: "s" },
    method: "tools/call",
    tool: "t",
    actor: { id: "a" },
    outcome: "ok",
    arguments: args,
  });

  it("redacts precisely within the budget and withholds whole values past it", () => {
    const policy = policyOf([{ id: "employee_id", pattern: "EMP-\\d{6}" }]);
    const size = policy.custom[0]?.pattern.programSize ?? 0;
    const fits = Math.floor(CUSTOM_WORK_PER_EVENT / size / 2);
    const first = `${"x".repeat(fits - 11)} EMP-123456`;
    const r = redactEvent(event({ a: first, b: first, c: "EMP-654321 is next" }), policy);
    expect(r.arguments).toEqual({
      a: `${"x".repeat(fits - 11)} [REDACTED:employee_id]`,
      b: `${"x".repeat(fits - 11)} [REDACTED:employee_id]`,
      c: "[REDACTED:employee_id]",
    });
    expect(r.redactions).toEqual([
      { field: "arguments.a", type: "employee_id", count: 1, by: "tooltrail" },
      { field: "arguments.b", type: "employee_id", count: 1, by: "tooltrail" },
      { field: "arguments.c", type: "employee_id", count: 1, by: "tooltrail" },
    ]);
  });

  it("gives each event its own budget and leaves the built-in detectors out of it", () => {
    const policy = policyOf([{ id: "heavy", pattern: "[ab]{400}$" }]);
    const big = "ab".repeat(20_000);
    const r = redactEvent(event({ big, mail: "ops@acme.example" }), policy);
    expect(r.arguments).toEqual({ big: "[REDACTED:heavy]", mail: "[REDACTED:email]" });
    const small = redactEvent(event({ note: `id ${"ab".repeat(200)}` }), policy);
    expect(small.arguments).toEqual({ note: "id [REDACTED:heavy]" });
  });
});

describe("saving a custom pattern", () => {
  it.each([
    ["foo(?=bar)", "lookahead"],
    ["foo(?!bar)", "lookahead"],
    ["(a)x\\1", "backreference"],
    ["(?<n>a)x\\k<n>", "backreference"],
    ["(?<=(foo))bar", "capturing group inside a lookbehind"],
    ["caf\\u00e9", "\\x{00e9}"],
    ["a{2,5000}", "repeat count"],
    ["[a-z]{1,999}", "too large once compiled"],
  ])("refuses %s and names what is not supported (%s)", (pattern, feature) => {
    const [message] = issues({ custom: [{ id: "x", pattern }] });
    expect(message).toContain(feature);
  });

  it("refuses rules past the tenant's total, naming the first one over", () => {
    const rule = (id: string) => ({ id, pattern: "[a-z]{1,400}" });
    expect(
      redactionConfigSchema.safeParse({ custom: [rule("a"), rule("b"), rule("c")] }).error?.issues,
    ).toEqual([
      expect.objectContaining({
        path: ["custom", 2, "pattern"],
        message: expect.stringContaining("more than 2000 instructions in all"),
      }),
    ]);
  });

  it("accepts RE2 syntax, lookbehinds included", () => {
    for (const pattern of ["(a|a)*$", "(?<![\\d-])\\d{6}", "(?i)ticket-\\d+", "\\p{Greek}+"])
      expect(issues({ custom: [{ id: "x", pattern }] })).toEqual([]);
  });

  it("refuses what the settings form posts when it is not JSON or uses unsupported syntax", () => {
    expect(parseRedactionSettings("{not json")).toEqual({
      ok: false,
      message: "The configuration is not valid JSON.",
    });
    const refused = parseRedactionSettings(
      JSON.stringify({ custom: [{ id: "order", pattern: "ORD-(\\d+)-\\1" }] }),
    );
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(/^custom\.0\.pattern: .*backreference/);
    expect(
      parseRedactionSettings(JSON.stringify({ custom: [{ id: "p", pattern: "(a|a)*$" }] })),
    ).toEqual({
      ok: true,
      config: { custom: [{ id: "p", pattern: "(a|a)*$" }] },
    });
  });
});

describe("patterns saved before the linear engine", () => {
  // Saved when patterns were checked by V8 and safe-regex2: this one no longer compiles.
  const legacy = {
    disabled: ["email"],
    custom: [
      { id: "order_ref", pattern: "ORD-\\d+(?=-EU)" },
      { id: "employee_id", pattern: "EMP-\\d{6}" },
    ],
  };

  it("skip only the rule that no longer compiles, keep the others, and say which and why", () => {
    const policy = compileRedactionPolicy(legacy as RedactionConfig);
    expect(redactText("EMP-123456 ORD-77-EU ops@acme.example", policy)).toEqual({
      text: "[REDACTED:employee_id] ORD-77-EU ops@acme.example",
      counts: { employee_id: 1 },
    });
    expect(policy.skipped).toEqual([
      { id: "order_ref", message: expect.stringContaining("lookahead") },
    ]);
    expect(invalidCustomRules(legacy)).toEqual(policy.skipped);
    expect(invalidCustomRules({ custom: [{ id: "ok", pattern: "x+" }] })).toEqual([]);
  });
});
