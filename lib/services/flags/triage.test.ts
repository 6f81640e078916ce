import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import { acknowledgeFlag } from "./acknowledge-flag";
import { assignFlag } from "./assign-flag";
import { type FlagsWorld, NOW, openFlagsWorld } from "./flags-fixture";
import { listFlags } from "./list-flags";
import { reopenFlag } from "./reopen-flag";
import { resolveFlag } from "./resolve-flag";
import { suppressPattern } from "./suppress-pattern";

/**
 * Triage on a real store: each step changes the flag, appends its history and writes one audit
 * event; roles without flags:triage, bad input and another tenant's flag change nothing.
 */
describe("flag triage (PGlite)", () => {
  let w: FlagsWorld;
  beforeAll(async () => {
    w = await openFlagsWorld();
  });
  afterAll(async () => w?.close());

  const actions = (name: string) => w.audited.filter((a) => a.action.action === name);
  const err = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e,
    );

  it("acknowledges then resolves with a reason and a trimmed note, each audited and in the history", async () => {
    const [f] = await w.seedFlags("acme", [{}]);
    const id = f?.id ?? "";
    const ctx = await w.ctxAs("security_analyst");
    w.audited.length = 0;
    expect((await acknowledgeFlag({ ctx, input: { id } })).status).toBe("acknowledged");
    const done = await resolveFlag({
      ctx,
      input: { id, reason: "false_positive", note: "  nightly backup job  " },
    });
    expect(done).toMatchObject({
      status: "resolved",
      resolution: "false_positive",
      resolutionNote: "nightly backup job",
    });
    expect(actions("flag.acknowledged")).toEqual([
      {
        tenantId: "acme",
        actor: ctx.actor,
        action: {
          action: "flag.acknowledged",
          details: { flag_id: id, rule: "volume_spike", subject: "alice" },
        },
      },
    ]);
    expect(actions("flag.resolved")[0]?.action.details).toMatchObject({
      reason: "false_positive",
      note: "nightly backup job",
    });
    const history = await ctx.data.detection.flagHistory(id);
    expect(history.map((h) => h.action)).toEqual(["acknowledged", "resolved"]);
    expect(history[1]?.by).toBe(w.users.security_analyst);

    // Twice is a conflict; reopening needs a note and brings it back to open.
    expect(
      hasCode(
        await err(resolveFlag({ ctx, input: { id, reason: "remediated", note: "x" } })),
        "conflict",
      ),
    ).toBe(true);
    expect(hasCode(await err(acknowledgeFlag({ ctx, input: { id } })), "conflict")).toBe(true);
    expect(
      hasCode(await err(reopenFlag({ ctx, input: { id, note: "  " } })), "invalid-input"),
    ).toBe(true);
    const back = await reopenFlag({ ctx, input: { id, note: "it came back" } });
    expect(back).toMatchObject({ status: "open", resolution: null, resolutionNote: null });
    expect(actions("flag.reopened")[0]?.action.details).toMatchObject({ was: "false_positive" });
  });

  it("refuses a resolution without a note, with an unknown reason or an overlong note", async () => {
    const [f] = await w.seedFlags("acme", [{}]);
    const ctx = await w.ctxAs("owner");
    w.audited.length = 0;
    const id = f?.id ?? "";
    const noNote = await err(
      resolveFlag({ ctx, input: { id, reason: "remediated", note: "   " } }),
    );
    expect(hasCode(noNote, "invalid-input")).toBe(true);
    expect(String(noNote)).toMatch(/note saying what was found is required/);
    const badReason = await err(
      resolveFlag({ ctx, input: { id, reason: "bored" as "remediated", note: "x" } }),
    );
    expect(String(badReason)).toMatch(/choose a reason: true_positive_malicious/);
    const long = await err(
      resolveFlag({ ctx, input: { id, reason: "remediated", note: "x".repeat(2001) } }),
    );
    expect(hasCode(long, "invalid-input")).toBe(true);
    expect((await ctx.data.detection.getFlag(id))?.status).toBe("open");
    expect(w.audited).toEqual([]);
  });

  it("refuses every role without flags:triage, changing nothing", async () => {
    const [f] = await w.seedFlags("acme", [{}]);
    const id = f?.id ?? "";
    w.audited.length = 0;
    for (const role of ROLES) {
      if (role === "owner" || role === "security_analyst") continue;
      const ctx = await w.ctxAs(role);
      for (const run of [
        () => acknowledgeFlag({ ctx, input: { id } }),
        () => resolveFlag({ ctx, input: { id, reason: "remediated", note: "n" } }),
        () => assignFlag({ ctx, input: { id, assignee: w.users.owner } }),
        () =>
          suppressPattern({
            ctx,
            input: {
              rule: "volume_spike",
              subject: "alice",
              until: new Date(NOW.getTime() + 86_400_000),
              reason: "r",
            },
          }),
      ])
        expect(hasCode(await err(run()), "forbidden"), role).toBe(true);
    }
    expect((await w.store.forTenant("acme").detection.getFlag(id))?.status).toBe("open");
    expect(w.audited).toEqual([]);
  });

  it("does not find another tenant's flag, whatever the role there", async () => {
    const [g] = await w.seedFlags("globex", [{}]);
    const id = g?.id ?? "";
    const ctx = await w.ctxAs("owner", "acme");
    w.audited.length = 0;
    expect(hasCode(await err(acknowledgeFlag({ ctx, input: { id } })), "not-found")).toBe(true);
    expect(
      hasCode(
        await err(resolveFlag({ ctx, input: { id, reason: "remediated", note: "n" } })),
        "not-found",
      ),
    ).toBe(true);
    expect((await listFlags({ ctx, input: {} })).rows.map((r) => r.id)).not.toContain(id);
    expect((await w.store.forTenant("globex").detection.getFlag(id))?.status).toBe("open");
  });

  it("assigns to a current member only: another tenant's user and an expired member are refused", async () => {
    const [f] = await w.seedFlags("acme", [{}]);
    const id = f?.id ?? "";
    const ctx = await w.ctxAs("owner");
    w.audited.length = 0;
    const out = await assignFlag({ ctx, input: { id, assignee: w.users.security_analyst } });
    expect(out.assignee).toBe(w.users.security_analyst);
    expect(actions("flag.assigned")[0]?.action.details).toMatchObject({
      assignee: w.users.security_analyst,
      email: "security_analyst@acme.test",
    });
    for (const other of [w.users.globex_owner, w.users.expired_analyst, "nobody"]) {
      const e = await err(assignFlag({ ctx, input: { id, assignee: other } }));
      expect(String(e)).toMatch(/not a current member of acme/);
    }
    expect((await assignFlag({ ctx, input: { id, assignee: null } })).assignee).toBeNull();
    expect(actions("flag.assigned")).toHaveLength(2);
  });

  it("suppresses a pattern until a future date within a year, with a reason", async () => {
    const ctx = await w.ctxAs("security_analyst");
    w.audited.length = 0;
    const until = new Date(NOW.getTime() + 7 * 86_400_000);
    const s = await suppressPattern({
      ctx,
      input: { rule: "volume_spike", subject: "bulk-loader", until, reason: " load test " },
    });
    expect(s).toMatchObject({
      rule: "volume_spike",
      subjectKey: "bulk-loader",
      reason: "load test",
    });
    const stored = await ctx.data.detection.listSuppressions(NOW);
    expect(stored.map((x) => x.id)).toContain(s.id);
    expect(actions("flag.suppressed")[0]?.action.details).toMatchObject({
      rule: "volume_spike",
      subject: "bulk-loader",
      until: until.toISOString(),
    });
    const base = { rule: "volume_spike", subject: "x", reason: "r" };
    expect(
      String(
        await err(suppressPattern({ ctx, input: { ...base, until: new Date(NOW.getTime() - 1) } })),
      ),
    ).toMatch(/in the future/);
    expect(
      String(
        await err(
          suppressPattern({
            ctx,
            input: { ...base, until: new Date(NOW.getTime() + 400 * 86_400_000) },
          }),
        ),
      ),
    ).toMatch(/within 365 days/);
    expect(
      String(await err(suppressPattern({ ctx, input: { ...base, rule: "made_up", until } }))),
    ).toMatch(/rule: is not a rule/);
    expect(
      String(await err(suppressPattern({ ctx, input: { ...base, reason: "", until } }))),
    ).toMatch(/a reason is required/);
    expect(actions("flag.suppressed")).toHaveLength(1);

    // From a flag: its own rule and subject; another tenant's flag is not found.
    const [f] = await w.seedFlags("acme", [{ rule: "first_use", subjectKey: "carol" }]);
    const byFlag = await suppressPattern({
      ctx,
      input: { flagId: f?.id ?? "", until, reason: "migration" },
    });
    expect(byFlag).toMatchObject({ rule: "first_use", subjectKey: "carol" });
    const [g] = await w.seedFlags("globex", [{}]);
    expect(
      hasCode(
        await err(suppressPattern({ ctx, input: { flagId: g?.id ?? "", until, reason: "r" } })),
        "not-found",
      ),
    ).toBe(true);
    expect(String(await err(suppressPattern({ ctx, input: { until, reason: "r" } })))).toMatch(
      /give the flag to suppress/,
    );
  });

  it("lists with server-side filters and paging, audited with the filter", async () => {
    const ctx = await w.ctxAs("auditor");
    await w.seedFlags("acme", [
      { severity: "critical", subjectKey: "mallory", rule: "high_risk_args" },
      { severity: "low", subjectKey: "mallory", rule: "first_use" },
    ]);
    w.audited.length = 0;
    const crit = await listFlags({ ctx, input: { severity: ["critical"], subject: "mallory" } });
    expect(crit.rows.map((r) => r.rule)).toEqual(["high_risk_args"]);
    expect(crit.total).toBe(1);
    const page = await listFlags({ ctx, input: { limit: 2, offset: 0 } });
    expect(page.rows).toHaveLength(2);
    expect(page.total).toBeGreaterThan(2);
    expect(actions("flags.list")[0]?.action.details).toMatchObject({
      severity: ["critical"],
      subject: "mallory",
      rows: 1,
      total: 1,
    });
    expect(String(await err(listFlags({ ctx, input: { rule: ["nope"] } })))).toMatch(
      /rule.0: is not a rule/,
    );
    expect(
      hasCode(await err(listFlags({ ctx: await w.ctxAs("viewer"), input: {} })), "forbidden"),
    ).toBe(true);
  });
});
