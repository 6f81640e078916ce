import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import { firstUse } from "./first-use";

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 1, 2, 14);

// Ten days of alice and bob reading files every hour; the tenant has learned since then.
const history = stream("h")
  .hourly(NOW - 10 * DAY, 10 * 24, 1, { actorId: "alice" })
  .hourly(NOW - 10 * DAY, 10 * 24, 1, { actorId: "bob" })
  .build();

const keys = (out: ReturnType<typeof runRule>) => foldFindings(out.findings).map((f) => f.groupKey);

describe("first_use", () => {
  it("known pairs raise nothing", () => {
    const events = stream()
      .at(NOW, { actorId: "bob" })
      .at(NOW + 1, { actorId: "alice" })
      .build();
    expect(runRule(firstUse, { history, events }).findings).toEqual([]);
  });

  it("a new tool: the pair and the tool never seen in the tenant, once however often it is called", () => {
    const events = stream().burst(NOW, 5, { tool: "delete_file" }, 20_000).build();
    const out = runRule(firstUse, { history, events });
    expect(out.findings).toHaveLength(2);
    expect(keys(out)).toEqual([
      "first_use|actor_tool|alice\u001fdelete_file",
      "first_use|tool|delete_file",
    ]);
    const tool = out.findings.find((f) => f.subject.kind === "tool");
    expect(tool).toMatchObject({
      severity: "medium",
      evidence: ["e1"],
      baseline: { lookbackDays: 30 },
    });
    expect(tool?.sentence).toBe(
      "Tool delete_file was called for the first time in this tenant (by alice) at 2026-02-02 14:00 UTC",
    );
    // bob's first call of it a minute later is his own first use, not the tenant's
    const more = stream()
      .at(NOW, { tool: "delete_file" })
      .at(NOW + 60_000, { tool: "delete_file", actorId: "bob" })
      .build();
    expect(keys(runRule(firstUse, { history, events: more }))).toEqual([
      "first_use|actor_tool|alice\u001fdelete_file",
      "first_use|actor_tool|bob\u001fdelete_file",
      "first_use|tool|delete_file",
    ]);
  });

  it("a new server flags the actor's server, the server, and its tool", () => {
    const events = stream().at(NOW, { server: "payments", tool: "charge" }).build();
    expect(keys(runRule(firstUse, { history, events }))).toEqual([
      "first_use|actor_server|alice\u001fpayments",
      "first_use|actor_tool|alice\u001fcharge",
      "first_use|server|payments",
      "first_use|tool|charge",
    ]);
  });

  it("an actor's pair unused for more than lookbackDays is new again; within it is not", () => {
    const old = [
      ...history,
      ...stream("o")
        .at(NOW - 31 * DAY, { actorId: "bob", tool: "write_file" })
        .at(NOW - 29 * DAY, { tool: "write_file" })
        .build(),
    ];
    const events = stream()
      .at(NOW, { actorId: "bob", tool: "write_file" })
      .at(NOW + 1, { tool: "write_file" })
      .build();
    const out = runRule(firstUse, { history: old, events, learningSince: NOW - 40 * DAY });
    expect(out.findings.map((f) => [f.groupKey, f.observed.daysSinceLastUse])).toEqual([
      ["first_use|actor_tool|bob\u001fwrite_file", 31],
    ]);
    expect(out.findings[0]?.sentence).toContain("for the first time in 31 days");
  });

  it("nothing while the tenant learns, nor for an actor seen for less than actorLearningDays", () => {
    const events = stream().at(NOW, { tool: "delete_file" }).build();
    expect(runRule(firstUse, { history, events, learningSince: NOW - 6 * DAY }).findings).toEqual(
      [],
    );
    expect(
      runRule(firstUse, { history, events, learningSince: NOW - 7 * DAY }).findings,
    ).toHaveLength(2);
    const carol = (days: number) => [
      ...history,
      ...stream("c")
        .at(NOW - days * DAY, { actorId: "carol" })
        .build(),
    ];
    const hers = stream().at(NOW, { actorId: "carol", tool: "delete_file" }).build();
    expect(runRule(firstUse, { history: carol(2.9), events: hers }).findings).toEqual([]);
    expect(runRule(firstUse, { history: carol(3), events: hers }).findings).toHaveLength(2);
    // a brand-new actor is learning too
    expect(
      runRule(firstUse, {
        history,
        events: stream().at(NOW, { actorId: "dan", tool: "x" }).build(),
      }).findings,
    ).toEqual([]);
  });

  it("what an actor first used while learning is known afterwards", () => {
    const hist = [
      ...history,
      ...stream("c")
        .at(NOW - 2 * DAY, { actorId: "carol", tool: "delete_file" })
        .build(),
    ];
    const events = stream()
      .at(NOW + 2 * DAY, { actorId: "carol", tool: "delete_file" })
      .build();
    expect(runRule(firstUse, { history: hist, events }).findings).toEqual([]);
  });

  it("skips allow-listed actors and subjects, and internal events (which do not count as use)", () => {
    const events = stream().at(NOW, { tool: "delete_file" }).build();
    expect(runRule(firstUse, { history, events, allow: ["alice"] }).findings).toEqual([]);
    expect(keys(runRule(firstUse, { history, events, allow: ["delete_file"] }))).toEqual([
      "first_use|actor_tool|alice\u001fdelete_file",
    ]);
    const internalFirst = stream()
      .at(NOW, { tool: "delete_file", internal: true })
      .at(NOW + 2 * 60_000, { tool: "delete_file" })
      .build();
    const out = runRule(firstUse, { history, events: internalFirst });
    expect(out.findings.map((f) => f.evidence)).toEqual([["e2"], ["e2"]]);
  });

  it("the same flags per minute and in one window, with bounded state", () => {
    const events = stream()
      .burst(NOW, 30, { tool: "delete_file" }, 50_000)
      .burst(NOW + 5 * 60_000, 30, { actorId: "bob", server: "mail", tool: "send" }, 30_000)
      .build();
    const perMinute = runRule(firstUse, { history, events });
    const once = runRule(firstUse, { history, events, windowMs: 2 * H });
    expect(perMinute.windows).toBeGreaterThan(20);
    expect(perMinute.findings).toEqual(once.findings);
    expect(once.findings).toHaveLength(6);
    const later = runRule(firstUse, { history, events, to: NOW + 2 * DAY, windowMs: H });
    expect(later.state).toEqual({ flagged: {} });
  });
});
