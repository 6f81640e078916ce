import { afterAll, beforeAll, expect, it } from "vitest";
import { at, delivery, flag, unit } from "./detection-fixtures";
import { detectionLimitCases } from "./detection-limits.suite";
import { detectionTriageCases } from "./detection-triage.suite";
import type { DetectionStore, Store } from "./types";

/**
 * The detection store on every backend (one test file per backend runs it): the engine's
 * atomic, optimistically locked evaluation commit, tallies, first/last seen and flags here;
 * triage, incidents, notifications and tenant isolation in detection-triage.suite.ts, hostile
 * input and large key lists in detection-limits.suite.ts. Each case
 * uses its own tenant, so cases share one store and do not see each other's rows.
 */
export function detectionStoreSuite(openStore: () => Promise<Store>) {
  let store: Store;
  let n = 0;
  const tenant = (): DetectionStore => store.forTenant(`t${n++}`).detection;

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
  });
  afterAll(async () => store?.close());

  it("commits an evaluation only against the version it read", async () => {
    const d = tenant();
    expect(await d.getCursor()).toBeNull();
    const tallies = [{ series: "actor", key: "alice", hour: at(10), value: 5 }];
    expect(await d.commitEvaluation(unit(null, { tallies }))).toBe(true);
    const c1 = await d.getCursor();
    expect(c1).toMatchObject({ watermark: at(12), state: { n: 0 }, backfilledFrom: null });
    // A second "first" evaluation and a stale one change nothing: tallies are not doubled.
    const stale = { tallies, seen: [{ kind: "actor", key: "x", first: at(1), last: at(1) }] };
    expect(await d.commitEvaluation(unit(null, { ...stale, flags: [flag("f0")] }))).toBe(false);
    expect(await d.commitEvaluation(unit((c1?.version ?? 0) + 1, stale))).toBe(false);
    expect(await d.getCursor()).toEqual(c1);
    expect(await d.hourly("actor", ["alice"], at(0), at(24))).toEqual([
      { series: "actor", key: "alice", hour: at(10), value: 5 },
    ]);
    expect(await d.seen("actor", ["x"])).toEqual([]);
    expect(await d.getFlag("f0")).toBeNull();

    const next = unit(c1?.version ?? -1, {
      cursor: { watermark: at(13), state: { n: 1 }, backfilledFrom: at(-48) },
      tallies,
      now: at(13),
    });
    expect(await d.commitEvaluation(next)).toBe(true);
    const c2 = await d.getCursor();
    expect(c2).toMatchObject({ watermark: at(13), state: { n: 1 }, backfilledFrom: at(-48) });
    expect(c2?.version).toBe((c1?.version ?? 0) + 1);
    expect(c2?.updatedAt).toEqual(at(13));
    // Replaying the same unit (a crash after commit, then a retry) is refused.
    expect(await d.commitEvaluation(next)).toBe(false);
    expect((await d.hourly("actor", ["alice"], at(0), at(24)))[0]?.value).toBe(10);
  });

  it("stores state given as JSON text, and reads back only the state keys asked for", async () => {
    const d = tenant();
    const state = { big: { rows: [1, 2, 3] }, "engine:cache": "t1", nul: "a\u0000b" };
    const json = `{"big":{"rows":[1,2,3]},"engine:cache":"t1","nul":"a\\u0000b"}`;
    const u = unit(null, { cursor: { watermark: at(13), state: {}, backfilledFrom: null } });
    expect(await d.commitEvaluation({ ...u, stateJson: json })).toBe(true);
    const full = await d.getCursor();
    expect(full?.state).toEqual({ ...state, nul: "a\uFFFDb" });
    const head = await d.getCursor({ stateKeys: ["engine:cache", "absent"] });
    expect(head).toEqual({ ...full, state: { "engine:cache": "t1" } });
    expect((await d.getCursor({ stateKeys: [] }))?.state).toEqual({});
  });

  it("lets exactly one of two concurrent evaluations of one version apply", async () => {
    const d = tenant();
    await d.commitEvaluation(unit(null));
    const v = (await d.getCursor())?.version ?? -1;
    const tallies = [{ series: "actor", key: "a", hour: at(1), value: 1 }];
    const results = await Promise.all([
      d.commitEvaluation(unit(v, { tallies })),
      d.commitEvaluation(unit(v, { tallies })),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await d.hourly("actor", ["a"], at(0), at(2)))[0]?.value).toBe(1);
    // Two first evaluations race to create the cursor: one wins, the other writes nothing.
    const fresh = tenant();
    const firsts = await Promise.all([
      fresh.commitEvaluation(unit(null, { tallies })),
      fresh.commitEvaluation(unit(null, { tallies })),
    ]);
    expect(firsts.filter(Boolean)).toHaveLength(1);
    expect((await fresh.hourly("actor", ["a"], at(0), at(2)))[0]?.value).toBe(1);
  });

  it("sums tallies per series, key and hour, within and across commits", async () => {
    const d = tenant();
    const big = Array.from({ length: 12_500 }, (_, i) => ({
      series: "actor_tool",
      key: `k${i % 2_500}`,
      hour: at(i % 5),
      value: 1,
    }));
    big.push({ series: "actor_bytes", key: "k0", hour: at(0), value: 2 ** 40 });
    expect(await d.commitEvaluation(unit(null, { tallies: big }))).toBe(true);
    const v = (await d.getCursor())?.version ?? -1;
    const more = [
      { series: "actor_tool", key: "k0", hour: at(0), value: 2.5 },
      { series: "actor_tool", key: "k0", hour: at(0), value: 0.5 },
    ];
    expect(await d.commitEvaluation(unit(v, { tallies: more }))).toBe(true);
    // k0 is i = 0, 2500, 5000, 7500, 10000: hours 0, 0, 0, 0, 0 (2500 is a multiple of 5).
    expect(await d.hourly("actor_tool", ["k0", "k1"], at(0), at(5))).toEqual([
      { series: "actor_tool", key: "k0", hour: at(0), value: 8 },
      { series: "actor_tool", key: "k1", hour: at(1), value: 5 },
    ]);
    expect(await d.hourly("actor_bytes", ["k0"], at(0), at(1))).toEqual([
      { series: "actor_bytes", key: "k0", hour: at(0), value: 2 ** 40 },
    ]);
    // [from, to): the end hour is excluded; other series and keys are not read.
    expect(await d.hourly("actor_tool", ["k1"], at(2), at(5))).toEqual([]);
    expect(await d.hourly("actor_tool", [], at(0), at(5))).toEqual([]);
  });

  it("widens first and last seen", async () => {
    const d = tenant();
    const seen = [
      { kind: "actor_tool", key: "alice\u001fread", first: at(5), last: at(6) },
      { kind: "actor_tool", key: "alice\u001fread", first: at(4), last: at(5) },
      { kind: "tool", key: "read", first: at(5), last: at(5) },
    ];
    await d.commitEvaluation(unit(null, { seen }));
    const v = (await d.getCursor())?.version ?? -1;
    const later = [{ kind: "actor_tool", key: "alice\u001fread", first: at(8), last: at(9) }];
    await d.commitEvaluation(unit(v, { seen: later }));
    expect(await d.seen("actor_tool", ["alice\u001fread", "bob\u001fread"])).toEqual([
      { kind: "actor_tool", key: "alice\u001fread", first: at(4), last: at(9) },
    ]);
    expect(await d.seen("tool", ["read"])).toEqual([
      { kind: "tool", key: "read", first: at(5), last: at(5) },
    ]);
  });

  it("upserts flags whole, with their evidence index and history", async () => {
    const d = tenant();
    const f1 = flag("f1");
    const history = [{ flagId: "f1", at: at(11), by: "engine", action: "opened", details: {} }];
    await d.commitEvaluation(
      unit(null, { flags: [f1, flag("f2", { rule: "first_use" })], history }),
    );
    expect(await d.getFlag("f1")).toEqual(f1);
    expect(await d.flagsOfEvents(["f1-e1", "f2-e2", "nope"])).toEqual(
      new Map([
        ["f1-e1", ["f1"]],
        ["f2-e2", ["f2"]],
      ]),
    );
    // The episode goes on: new figures and evidence replace the old ones, the id stays.
    const grown = flag("f1", {
      end: at(12),
      lastSeen: at(12),
      observed: { calls: 900 },
      evidence: ["f1-e2", "f1-e3", "f2-e2"],
      updatedAt: at(12),
    });
    const v = (await d.getCursor())?.version ?? -1;
    const h2 = [{ flagId: "f1", at: at(12), by: "engine", action: "extended", details: { n: 2 } }];
    await d.commitEvaluation(unit(v, { flags: [grown], history: h2 }));
    expect(await d.getFlag("f1")).toEqual(grown);
    expect(await d.flagsOfEvents(["f1-e1", "f1-e3", "f2-e2"])).toEqual(
      new Map([
        ["f1-e3", ["f1"]],
        ["f2-e2", ["f1", "f2"]],
      ]),
    );
    expect(await d.flagHistory("f1")).toEqual([...history, ...h2]);
    expect(await d.activeFlags("volume_spike", ["alice", "bob"])).toEqual([grown]);
    expect(await d.activeFlags("first_use", ["bob"])).toEqual([]);
    expect(await d.openFlagCounts(["alice", "bob"])).toEqual(new Map([["alice", 2]]));
  });

  it("queues a commit's deliveries in its transaction: exactly when the flags are written", async () => {
    const d = tenant();
    const queued = [delivery("dlv_a", { flagId: "f1" }), delivery("dlv_b", { flagId: "f1" })];
    expect(await d.commitEvaluation(unit(null, { flags: [flag("f1")], deliveries: queued }))).toBe(
      true,
    );
    const v = (await d.getCursor())?.version ?? -1;
    // A commit refused by the cursor's lock writes neither its flag nor its deliveries.
    const dlvC = delivery("dlv_c", { flagId: "f2" });
    const lost = { flags: [flag("f2")], deliveries: [dlvC] };
    expect(await d.commitEvaluation(unit(v + 1, lost))).toBe(false);
    expect(await d.commitEvaluation(unit(null, lost))).toBe(false);
    expect(await d.getFlag("f2")).toBeNull();
    // A known id is the idempotency key: queued again, it stays one delivery, unchanged.
    const again = [delivery("dlv_a", { flagId: "f1", payload: { twice: true } }), dlvC];
    expect(await d.commitEvaluation(unit(v, { flags: [flag("f2")], deliveries: again }))).toBe(
      true,
    );
    const rows = await d.listDeliveries(null, 10);
    expect(rows.map((r) => r.id).sort()).toEqual(["dlv_a", "dlv_b", "dlv_c"]);
    expect(rows.find((r) => r.id === "dlv_a")?.payload).toEqual({ flag: "f1" });
    expect(await d.dueDeliveries(at(12), 10)).toHaveLength(3);
  });

  it("seals a destination's plain URL only while the row still holds it", async () => {
    const d = tenant();
    const plain = "https://hooks.slack.com/services/T1/B2/tokenWXYZ";
    const dest = {
      id: "s1",
      kind: "slack",
      name: "#sec",
      url: plain,
      secretCiphertext: null,
      minSeverity: "high",
      enabled: true,
      createdBy: "u1",
      createdAt: at(0),
    } as const;
    await d.putDestination(dest);
    const sealed = { url: "https://hooks.slack.com/…WXYZ", secretCiphertext: "v1.a.b.c" };
    expect(await d.sealDestinationUrl("s1", "https://other.example/x", sealed)).toBe(false);
    expect(await d.sealDestinationUrl("s1", plain, sealed)).toBe(true);
    expect(await d.getDestination("s1")).toEqual({ ...dest, ...sealed });
    // Sealed once: a second sealer (another server) changes nothing; a removed row stays removed.
    expect(await d.sealDestinationUrl("s1", plain, sealed)).toBe(false);
    await d.removeDestination("s1");
    expect(await d.sealDestinationUrl("s1", plain, sealed)).toBe(false);
    expect(await d.getDestination("s1")).toBeNull();
  });

  detectionTriageCases(tenant);
  detectionLimitCases(tenant);
}
