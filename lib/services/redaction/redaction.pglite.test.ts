import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import type { Actor, AuditAction, TenantCtx } from "../context";
import { previewRedaction } from "./preview-redaction";
import { draftFromForm, draftOfConfig, type RuleDraft } from "./redaction-draft";
import { readRedaction, saveRedaction } from "./save-redaction";

/**
 * The redaction form's services: a draft of rules is saved only when every rule is valid, with
 * each problem named by its rule's place in words; the test box redacts a sample with the real
 * redaction code under rules not yet saved, and stores nothing.
 */
describe("redaction services (PGlite)", () => {
  let store: Store;
  const recorded: AuditAction[] = [];
  const owner: Actor = { kind: "user", userId: "u1", email: "owner@acme.test", auth: "session" };

  async function ctxAs(role: Role): Promise<TenantCtx> {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor: owner,
      audit: async (_t, _a, action) => {
        recorded.push(action);
      },
      now: () => new Date(),
      tenant,
      data: store.forTenant("acme"),
      can: (p) => can(role, p),
    };
  }

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
  });
  afterAll(async () => store?.close());

  const pattern = (name: string, p: string, ignoreCase = false): RuleDraft => ({
    kind: "pattern",
    name,
    pattern: p,
    ignoreCase,
  });
  const row = (kind: "key" | "allow", p: string): RuleDraft => ({
    kind,
    name: "",
    pattern: p,
    ignoreCase: false,
  });
  const saved = async () => (await store.admin.getTenant("acme"))?.redaction;
  const failure = async (p: Promise<unknown>) => {
    const err = await p.catch((e: unknown) => e);
    expect(hasCode(err, "invalid-input")).toBe(true);
    return (err as Error).message.split("\n");
  };

  it("saves a draft as the configuration ingestion reads, and reads it back as the same rows", async () => {
    const ctx = await ctxAs("owner");
    const rules = [
      pattern("employee_id", "EMP-\\d{6}"),
      row("key", "x-session"),
      pattern("order_ref", "ord-[0-9]+", true),
      row("allow", "support@acme.test"),
    ];
    recorded.length = 0;
    const out = await saveRedaction({ ctx, input: { rules, disabled: ["phone"] } });
    expect(out.rules).toBe(4);
    expect(await saved()).toEqual({
      disabled: ["phone"],
      extraSensitiveKeys: ["x-session"],
      custom: [
        { id: "employee_id", pattern: "EMP-\\d{6}" },
        { id: "order_ref", pattern: "ord-[0-9]+", flags: "i" },
      ],
      allowlist: ["support@acme.test"],
    });
    expect(recorded.map((a) => a.action)).toEqual(["redaction.changed"]);
    const read = readRedaction({ ctx: await ctxAs("owner") });
    expect(read.draft.disabled).toEqual(["phone"]);
    expect(read.draft.rules.map((r) => [r.kind, r.name, r.pattern, r.ignoreCase])).toEqual([
      ["pattern", "employee_id", "EMP-\\d{6}", false],
      ["pattern", "order_ref", "ord-[0-9]+", true],
      ["key", "", "x-session", false],
      ["allow", "", "support@acme.test", false],
    ]);
  });

  it("refuses a draft with broken rules, naming every one by its place, and changes nothing", async () => {
    const ctx = await ctxAs("owner");
    const before = await saved();
    recorded.length = 0;
    const lines = await failure(
      saveRedaction({
        ctx,
        input: {
          rules: [
            pattern("ok_rule", "ok-\\d+"),
            row("key", ""), // blank: no rule, but it keeps its number
            pattern("broken", "(unclosed"),
            pattern("", "abc"),
            pattern("Bad Name", "x+"),
            pattern("peek", "a(?=b)"),
            row("key", "k".repeat(65)),
            pattern("huge", "a".repeat(513)),
          ],
        },
      }),
    );
    expect(lines).toEqual([
      expect.stringMatching(
        /^rule 3: pattern is not a valid regular expression: missing closing \): .*\(unclosed/,
      ),
      "rule 4: give the pattern a name (redactions are recorded as [REDACTED:<name>])",
      "rule 5: name: ids are lowercase letters, digits and '_', up to 32",
      expect.stringMatching(/^rule 6: pattern: lookahead \(\?=…\) and \(\?!…\) is not supported/),
      "rule 7: key name is longer than 64 characters",
      "rule 8: pattern is longer than 512 characters",
    ]);
    expect(await saved()).toEqual(before);
    expect(recorded).toEqual([]);
  });

  it("names the rule that takes a tenant past its compiled-size budget", async () => {
    const heavy = "[A-Z0-9]{8,400}";
    const lines = await failure(
      saveRedaction({
        ctx: await ctxAs("owner"),
        input: { rules: [1, 2, 3].map((i) => pattern(`heavy_${i}`, heavy)) },
      }),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^rule \d: pattern: the rules before it and this one compile to more than 2000/,
    );
  });

  it("names too many rules of a kind and an unknown detector without a rule number", async () => {
    const lines = await failure(
      saveRedaction({
        ctx: await ctxAs("owner"),
        input: {
          rules: Array.from({ length: 51 }, (_, i) => pattern(`r${i}`, `x${i}`)),
          disabled: ["nope"],
        },
      }),
    );
    expect(lines).toContain("at most 50 pattern rules (there are 51)");
    expect(lines.some((l) => l.startsWith('built-in detectors: unknown detector "nope"'))).toBe(
      true,
    );
  });

  it("previews a JSON sample as arguments under unsaved rules, storing nothing", async () => {
    const ctx = await ctxAs("owner");
    const before = await saved();
    recorded.length = 0;
    const out = await previewRedaction({
      ctx,
      input: {
        rules: [pattern("employee_id", "EMP-\\d{6}"), row("key", "badge")],
        sample: JSON.stringify({
          note: "ask EMP-123456 or mail bob@example.com",
          badge: "4411",
          token: "abc",
        }),
      },
    });
    expect(out.json).toBe(true);
    expect(JSON.parse(out.output)).toEqual({
      note: "ask [REDACTED:employee_id] or mail [REDACTED:email]",
      badge: "[REDACTED:secret_field]",
      token: "[REDACTED:secret_field]",
    });
    expect(out.redactions).toEqual(
      expect.arrayContaining([
        { field: "arguments.note", type: "employee_id", count: 1 },
        { field: "arguments.note", type: "email", count: 1 },
        { field: "arguments.badge", type: "secret_field", count: 1 },
      ]),
    );
    expect(await saved()).toEqual(before);
    // Audited by its sizes; the sample itself (it may hold secrets) is not in the event.
    expect(recorded).toEqual([
      {
        action: "redaction.previewed",
        details: { rules: 2, sample_chars: expect.any(Number), redactions: 4 },
      },
    ]);
    expect(JSON.stringify(recorded)).not.toContain("EMP-123456");
  });

  it("previews text, honouring disabled detectors, the allow-list and case-insensitive rules", async () => {
    const ctx = await ctxAs("owner");
    const sample = "call +44 20 7946 0958, ticket ord-77 ORD-78, mail support@acme.test";
    const out = await previewRedaction({
      ctx,
      input: {
        rules: [pattern("order_ref", "ord-\\d+", true), row("allow", "support@acme.test")],
        disabled: ["phone"],
        sample,
      },
    });
    expect(out).toEqual({
      json: false,
      output:
        "call +44 20 7946 0958, ticket [REDACTED:order_ref] [REDACTED:order_ref], mail support@acme.test",
      redactions: [{ field: "text", type: "order_ref", count: 2 }],
    });
    const cased = await previewRedaction({
      ctx,
      input: { rules: [pattern("order_ref", "ord-\\d+")], sample },
    });
    expect(cased.output).toContain("[REDACTED:order_ref] ORD-78");
    expect(cased.output).toContain("[REDACTED:phone]");
  });

  it("runs a pattern that stalls a backtracking engine in linear time on the server", async () => {
    const out = await previewRedaction({
      ctx: await ctxAs("owner"),
      input: { rules: [pattern("probe", "(a|a)*$")], sample: `${"a".repeat(5_000)}!` },
    });
    // RE2 semantics: the empty match at the end hides nothing and is not counted.
    expect(out.output).toBe(`${"a".repeat(5_000)}!`);
  });

  it("refuses a preview with a broken rule in the same words as a save", async () => {
    const lines = await failure(
      previewRedaction({
        ctx: await ctxAs("owner"),
        input: { rules: [row("key", "ok"), pattern("x", "a)")], sample: "a" },
      }),
    );
    expect(lines).toEqual([
      expect.stringMatching(/^rule 2: pattern is not a valid regular expression/),
    ]);
  });

  it("refuses saving and previewing to a role that does not manage settings", async () => {
    for (const role of ["viewer", "auditor"] as const) {
      const ctx = await ctxAs(role);
      for (const p of [
        saveRedaction({ ctx, input: { rules: [] } }),
        previewRedaction({ ctx, input: { rules: [], sample: "x" } }),
      ]) {
        const err = await p.catch((e: unknown) => e);
        expect(hasCode(err, "forbidden")).toBe(true);
      }
    }
  });

  it("reads the form's fields in row order; a form without its detector list turns none off", () => {
    const form = new FormData();
    form.set("rule.10.kind", "allow");
    form.set("rule.10.pattern", "v");
    form.set("rule.2.kind", "pattern");
    form.set("rule.2.name", "a");
    form.set("rule.2.pattern", "x");
    form.set("rule.2.ignoreCase", "on");
    form.set("detectors", "email,phone");
    form.set("detector", "email");
    expect(draftFromForm(form)).toEqual({
      rules: [
        { kind: "pattern", name: "a", pattern: "x", ignoreCase: true },
        { kind: "allow", name: "", pattern: "v", ignoreCase: false },
      ],
      disabled: ["phone"],
    });
    expect(draftFromForm(new FormData()).disabled).toEqual([]);
    expect(draftOfConfig("not a config")).toEqual({ rules: [], disabled: [] });
  });
});
