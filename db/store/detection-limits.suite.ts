import { expect, it } from "vitest";
import { at, delivery, flag, incident, seed, unit } from "./detection-fixtures";
import type { DetectionStore } from "./types";

/**
 * What the detection store must survive (registered by detection-store.suite.ts): another
 * tenant's ids, the engine
 * writing back a flag a person triaged meanwhile, key lists beyond the protocol's 65,535
 * parameters, tallies that would grow without end, and U+0000 from hostile events or people.
 */
export function detectionLimitCases(tenant: () => DetectionStore) {
  it("keeps triage made between the engine's read and its write", async () => {
    const d = tenant();
    await d.commitEvaluation(unit(null, { flags: [flag("f1")] }));
    await d.createIncident(
      {
        id: "i1",
        title: "t",
        severity: "high",
        status: "open",
        detectedAt: at(10),
        awareAt: at(12),
        notifiedAuthorityAt: null,
        note: "",
        createdBy: "u1",
        createdAt: at(12),
        closedAt: null,
      },
      ["f1"],
    );
    // The engine read f1 before the analyst acted, and writes its extended copy after.
    const engineCopy = flag("f1", { end: at(13), observed: { calls: 999 }, updatedAt: at(13) });
    const entry = { flagId: "f1", at: at(12), by: "u1", action: "acknowledged", details: {} };
    await d.updateFlag("f1", { status: "acknowledged", assignee: "u1" }, entry);
    const v = (await d.getCursor())?.version ?? -1;
    await d.commitEvaluation(unit(v, { flags: [engineCopy], now: at(13) }));
    expect(await d.getFlag("f1")).toEqual({
      ...engineCopy,
      status: "acknowledged",
      assignee: "u1",
      incidentId: "i1",
    });
  });

  it("looks up more keys than one statement has parameters", async () => {
    const d = tenant();
    const keys = Array.from({ length: 70_000 }, (_, i) => `actor-${i}`);
    const tallies = [{ series: "actor", key: "actor-69999", hour: at(1), value: 3 }];
    const seen = [{ kind: "actor", key: "actor-5", first: at(1), last: at(2) }];
    const flags = [flag("f1", { groupKey: "actor-69998", subjectKey: "actor-69998" })];
    await d.commitEvaluation(unit(null, { tallies, seen, flags }));
    expect(await d.hourly("actor", keys, at(0), at(2))).toEqual(tallies);
    expect(await d.seen("actor", keys)).toEqual(seen);
    expect((await d.activeFlags("volume_spike", keys)).map((f) => f.id)).toEqual(["f1"]);
    expect(await d.openFlagCounts(keys)).toEqual(new Map([["actor-69998", 1]]));
    const events = [...keys, "f1-e2"];
    expect(await d.flagsOfEvents(events)).toEqual(new Map([["f1-e2", ["f1"]]]));
  });

  it("prunes the tallies behind the lookback, in chunks, of this tenant only", async () => {
    const d = tenant();
    const other = tenant();
    const tallies = Array.from({ length: 30_001 }, (_, i) => ({
      series: "actor_tool",
      key: `k${i % 10_000}`,
      hour: at(Math.floor(i / 10_000)),
      value: 1,
    }));
    await d.commitEvaluation(unit(null, { tallies }));
    await other.commitEvaluation(unit(null, { tallies: tallies.slice(0, 1) }));
    expect(await d.pruneHourly(at(3))).toBe(30_000);
    expect(await d.hourly("actor_tool", ["k0"], at(0), at(4))).toEqual([
      { series: "actor_tool", key: "k0", hour: at(3), value: 1 },
    ]);
    expect(await d.pruneHourly(at(3))).toBe(0);
    expect(await other.hourly("actor_tool", ["k0"], at(0), at(1))).toHaveLength(1);
  });

  it("indexes flags whose keys pass btree's 2,704 bytes per entry", async () => {
    const d = tenant();
    // 1,200 pseudo-random CJK characters and emoji (two UTF-16 units each): about 4,200 bytes
    // that compression cannot shrink.
    let x = 7;
    const long = Array.from({ length: 1_200 }, (_, i) => {
      x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
      return String.fromCodePoint(i % 2 ? 0x4e00 + (x % 20_000) : 0x1f300 + (x % 700));
    }).join("");
    const f = flag("f1", { groupKey: `volume_spike|actor_tool|${long}`, subjectKey: long });
    expect(await d.commitEvaluation(unit(null, { flags: [f] }))).toBe(true);
    expect(await d.activeFlags("volume_spike", [f.groupKey, "other"])).toEqual([f]);
    expect(await d.activeFlags("volume_spike", [`${f.groupKey}x`])).toEqual([]);
    expect(await d.openFlagCounts([long, long.slice(0, 256)])).toEqual(new Map([[long, 1]]));
    const page = await d.listFlags({ subjectKey: long, limit: 9, offset: 0 });
    expect([page.rows.map((r) => r.id), page.total]).toEqual([["f1"], 1]);
  });

  it("stores U+0000 as U+FFFD instead of failing every later evaluation", async () => {
    const d = tenant();
    const nul = "mal\u0000lory";
    const safe = "mal\uFFFDlory";
    const hostile = flag("f\u0000", {
      groupKey: nul,
      subjectKey: nul,
      subjectLabel: nul,
      sentence: `${nul} called x`,
      params: { [nul]: nul },
      evidence: [nul],
    });
    const ok = await d.commitEvaluation(
      unit(null, {
        cursor: { watermark: at(12), state: { actors: { [nul]: [nul] } }, backfilledFrom: null },
        tallies: [{ series: "actor", key: nul, hour: at(1), value: 1 }],
        seen: [{ kind: "actor", key: nul, first: at(1), last: at(1) }],
        flags: [hostile],
        history: [
          { flagId: "f\u0000", at: at(12), by: "engine", action: "opened", details: { nul } },
        ],
      }),
    );
    expect(ok).toBe(true);
    expect((await d.getCursor())?.state).toEqual({ actors: { [safe]: [safe] } });
    expect((await d.hourly("actor", [nul], at(0), at(2)))[0]?.key).toBe(safe);
    expect(await d.seen("actor", [nul])).toHaveLength(1);
    const stored = await d.getFlag("f\uFFFD");
    expect(stored).toMatchObject({
      subjectKey: safe,
      sentence: `${safe} called x`,
      evidence: [safe],
    });
    expect(stored?.params).toEqual({ [safe]: safe });
    expect(await d.flagsOfEvents([nul])).toEqual(new Map([[safe, ["f\uFFFD"]]]));
    const note = { status: "resolved", resolution: "false_positive", resolutionNote: nul } as const;
    const entry = { flagId: "f\uFFFD", at: at(13), by: nul, action: "resolved", details: { nul } };
    expect((await d.updateFlag("f\uFFFD", note, entry))?.resolutionNote).toBe(safe);
    expect((await d.flagHistory("f\uFFFD")).map((h) => h.details)).toEqual([
      { nul: safe },
      { nul: safe },
    ]);
  });

  it("keeps each tenant's rows to itself", async () => {
    const a = tenant();
    const b = tenant();
    await seed(a);
    await a.createIncident(incident("i1"), ["a"]);
    await a.addSuppression({
      id: "s1",
      rule: "high_risk_args",
      subjectKey: "alice",
      until: at(99),
      reason: "pentest",
      createdBy: "u1",
      createdAt: at(0),
    });
    expect(await b.getCursor()).toBeNull();
    // B's first evaluation is its own: A's cursor does not make it stale.
    expect(
      await b.commitEvaluation(unit(null, { flags: [flag("b1", { evidence: ["a-e1"] })] })),
    ).toBe(true);
    expect(await b.getFlag("a")).toBeNull();
    expect((await b.listFlags({ limit: 9, offset: 0 })).total).toBe(1);
    const entry = { flagId: "a", at: at(50), by: "mallory", action: "resolved", details: {} };
    expect(await b.updateFlag("a", { status: "resolved" }, entry)).toBeNull();
    expect((await a.getFlag("a"))?.status).toBe("open");
    expect(await a.flagHistory("a")).toEqual([]);
    expect(await b.getIncident("i1")).toBeNull();
    await expect(b.linkFlags("i1", ["b1"])).rejects.toMatchObject({ code: "not-found" });
    await b.createIncident(incident("i2"), ["a"]);
    expect(await b.flagsOfIncident("i2")).toEqual([]);
    expect((await a.getFlag("a"))?.incidentId).toBe("i1");
    expect(await b.flagsOfEvents(["a-e1", "b1-e1"])).toEqual(new Map([["a-e1", ["b1"]]]));
    expect(await b.openFlagCounts(["alice"])).toEqual(new Map([["alice", 1]]));
    expect(await b.listSuppressions(at(0))).toEqual([]);
    expect(await b.removeSuppression("s1")).toBe(false);
    await a.putDestination({
      id: "d1",
      kind: "slack",
      name: "A",
      url: "https://hooks.example/a",
      secretCiphertext: null,
      minSeverity: "low",
      enabled: true,
      createdBy: "u",
      createdAt: at(0),
    });
    await a.enqueueDeliveries([delivery("q1")]);
    expect(await b.getDestination("d1")).toBeNull();
    expect(await b.removeDestination("d1")).toBe(false);
    expect(await b.dueDeliveries(at(99), 10)).toEqual([]);
    await b.updateDelivery("q1", { status: "failed" });
    expect((await a.dueDeliveries(at(99), 10)).map((r) => r.id)).toEqual(["q1"]);
  });
}
