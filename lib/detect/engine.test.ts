import { afterEach, describe, expect, it } from "vitest";
import type { EvaluationUnit } from "../../db/store/detection-types";
import type { Store } from "../../db/store/types";
import { type EngineData, type EvaluateOptions, evaluateTenant } from "./engine";
import {
  allFlags,
  eventDoc,
  MIN,
  openTestStore,
  storeEvents,
  T0,
  testBurstRule,
  testSilenceRule,
} from "./engine-test-kit";

const RULES = [testBurstRule, testSilenceRule];
const S = 1000;
let store: Store;
afterEach(async () => store?.close());

function evaluate(now: number, over: Partial<EvaluateOptions> = {}) {
  return evaluateTenant({
    data: store.forTenant("acme"),
    now: new Date(now),
    rules: RULES,
    ...over,
  });
}

/** Starts the cursor at `now` and finishes the (empty) backfill. */
async function start(now: number) {
  for (let i = 0; i < 5; i++) if ((await evaluate(now)).caughtUp) return;
  throw new Error("did not catch up");
}

const denied = (id: string, t: number, actor = "bob") =>
  eventDoc("acme", id, t, { actor: { id: actor, type: "user" }, outcome: "denied" });

describe("windows", () => {
  it("start at now minus the settle time and leave events younger than it for later", async () => {
    store = await openTestStore();
    const first = await evaluate(T0);
    expect(first.kind).toBe("start");
    const cursor = await store.forTenant("acme").detection.getCursor();
    expect(cursor?.watermark.getTime()).toBe(T0 - MIN);
    await start(T0);
    await storeEvents(
      store,
      [10, 11, 12].map((s) => denied(`d${s}`, T0 + s * S)),
    );
    const early = await evaluate(T0 + 65 * S);
    expect(early).toMatchObject({ kind: "window", events: 0, caughtUp: true });
    expect(early.window?.to.getTime()).toBe(T0 + 5 * S);
    const later = await evaluate(T0 + 2 * MIN);
    expect(later.events).toBe(3);
    expect(later.created.map((f) => f.evidence)).toEqual([["d10", "d11", "d12"]]);
  });

  it("cut at the event cap before a millisecond, which is read whole next time", async () => {
    store = await openTestStore();
    await start(T0);
    const at = (ms: number, n: number, p: string) =>
      Array.from({ length: n }, (_, i) => denied(`${p}${i}`, T0 + ms));
    await storeEvents(store, [...at(1000, 4, "a"), ...at(2000, 4, "b"), ...at(3000, 2, "c")]);
    const sizes: number[] = [];
    let r = await evaluate(T0 + 5 * MIN, { maxEvents: 5 });
    sizes.push(r.events);
    while (!r.caughtUp) {
      r = await evaluate(T0 + 5 * MIN, { maxEvents: 5 });
      sizes.push(r.events);
    }
    expect(sizes).toEqual([4, 6]);
    const [flag, ...rest] = await allFlags(store);
    expect(rest).toEqual([]);
    expect(flag?.evidence).toHaveLength(10);
  });

  it("read a millisecond holding more events than the cap past the cap", async () => {
    store = await openTestStore();
    await start(T0);
    await storeEvents(
      store,
      Array.from({ length: 7 }, (_, i) => denied(`x${i}`, T0 + S)),
    );
    const r = await evaluate(T0 + 5 * MIN, { maxEvents: 3 });
    expect(r.events).toBe(7);
  });
});

describe("episodes", () => {
  it("extend one flag across windows, escalate it, end it after the quiet time, then open another", async () => {
    store = await openTestStore();
    await start(T0);
    const det = store.forTenant("acme").detection;
    await storeEvents(
      store,
      [10, 11, 12].map((s) => denied(`d${s}`, T0 + s * S)),
    );
    const one = await evaluate(T0 + 2 * MIN);
    expect(one.created).toHaveLength(1);
    const id = one.created[0]?.id;
    // An analyst acknowledges it between windows: the escalation (notified) says so.
    const ack = {
      flagId: id as string,
      at: new Date(T0 + 2 * MIN + S),
      by: "u1",
      action: "acknowledged",
      details: {},
    };
    await det.updateFlag(id as string, { status: "acknowledged" }, ack);
    await storeEvents(
      store,
      [90, 91, 92, 93, 94, 95].map((s) => denied(`e${s}`, T0 + s * S)),
    );
    const two = await evaluate(T0 + 3 * MIN);
    expect(two.created).toEqual([]);
    expect(two.updated.map((f) => f.id)).toEqual([id]);
    expect(two.escalated.map((f) => [f.id, f.status])).toEqual([[id, "acknowledged"]]);
    const flag = await det.getFlag(id as string);
    expect(flag).toMatchObject({
      active: true,
      severity: "high",
      start: new Date(T0 + 10 * S),
      end: new Date(T0 + 95 * S),
      // The figures of the worst finding, and the state carried: the second window the rule saw.
      observed: { denials: 6, windows: 2 },
      ruleVersion: 7,
      params: { threshold: 3, quietMinutes: 60 },
    });
    expect(flag?.evidence).toHaveLength(9);
    // Not yet quiet for an hour after its end (T0+95s): still active.
    const three = await evaluate(T0 + 60 * MIN);
    expect(three.ended).toEqual([]);
    const four = await evaluate(T0 + 63 * MIN);
    expect(four.ended.map((f) => f.id)).toEqual([id]);
    expect((await det.getFlag(id as string))?.active).toBe(false);
    expect((await det.flagHistory(id as string)).map((h) => h.action)).toEqual([
      "opened",
      "acknowledged",
      "escalated",
      "ended",
    ]);
    await storeEvents(
      store,
      [1, 2, 3].map((s) => denied(`f${s}`, T0 + 70 * MIN + s * S)),
    );
    const five = await evaluate(T0 + 75 * MIN);
    expect(five.created).toHaveLength(1);
    expect(five.created[0]?.id).not.toBe(id);
    expect(await allFlags(store)).toHaveLength(2);
  });
});

describe("the cursor's lock", () => {
  it("lose a commit to another evaluator without changing anything, then go on from its cursor", async () => {
    store = await openTestStore();
    await start(T0);
    await storeEvents(
      store,
      [10, 11, 12].map((s) => denied(`d${s}`, T0 + s * S)),
    );
    const tenant = store.forTenant("acme");
    let raced = 0;
    const racing: EngineData = {
      tenantId: tenant.tenantId,
      listEvents: (q) => tenant.listEvents(q),
      countEvents: (f) => tenant.countEvents(f),
      detection: new Proxy(tenant.detection, {
        get(target, prop, receiver) {
          if (prop === "commitEvaluation")
            return async (u: EvaluationUnit) => {
              // The other evaluator commits the same window first.
              if (raced++ === 0) expect((await evaluate(T0 + 2 * MIN)).created).toHaveLength(1);
              return target.commitEvaluation(u);
            };
          const v = Reflect.get(target, prop, receiver);
          return typeof v === "function" ? v.bind(target) : v;
        },
      }),
    };
    const r = await evaluate(T0 + 2 * MIN, { data: racing });
    expect(raced).toBe(1);
    expect(r).toMatchObject({ kind: "idle", created: [] });
    expect(await allFlags(store)).toHaveLength(1);
    const unit: EvaluationUnit = {
      expectVersion: 0,
      cursor: { watermark: new Date(T0), state: {}, backfilledFrom: null },
      tallies: [{ series: "actor", key: "bob", hour: new Date(T0), value: 100 }],
      seen: [],
      flags: [],
      history: [],
      now: new Date(T0),
    };
    expect(await tenant.detection.commitEvaluation(unit)).toBe(false);
    const [bob] = await tenant.detection.hourly(
      "actor",
      ["bob"],
      new Date(T0),
      new Date(T0 + MIN * 60),
    );
    expect(bob?.value).toBe(3);
  });
});

describe("rules as configured", () => {
  it("skip disabled rules and allow-listed subjects, drop suppressed patterns, report bad parameters", async () => {
    store = await openTestStore();
    await start(T0);
    const det = store.forTenant("acme").detection;
    const config = { groupBy: [], enabledAt: null, updatedAt: new Date(T0), updatedBy: "t" };
    await det.putRuleConfig({
      rule: "denial_burst",
      enabled: true,
      params: {},
      allow: ["carol"],
      ...config,
    });
    await det.putRuleConfig({
      rule: "telemetry_gap",
      enabled: true,
      params: { watch: 3 },
      allow: [],
      ...config,
    });
    await det.addSuppression({
      id: "s1",
      rule: "denial_burst",
      subjectKey: "dave",
      until: new Date(T0 + 24 * 60 * MIN),
      reason: "pen test",
      createdBy: "t",
      createdAt: new Date(T0),
    });
    await storeEvents(store, [
      ...[1, 2, 3].map((s) => denied(`b${s}`, T0 + s * S, "bob")),
      ...[1, 2, 3].map((s) => denied(`c${s}`, T0 + s * S, "carol")),
      ...[1, 2, 3].map((s) => denied(`d${s}`, T0 + s * S, "dave")),
    ]);
    const r = await evaluate(T0 + 2 * MIN);
    expect(r.created.map((f) => f.subjectKey)).toEqual(["bob"]);
    expect(r.errors).toEqual([
      { rule: "telemetry_gap", message: expect.stringContaining("watch") },
    ]);
    await det.putRuleConfig({
      rule: "denial_burst",
      enabled: false,
      params: {},
      allow: [],
      ...config,
    });
    await storeEvents(
      store,
      [1, 2, 3].map((s) => denied(`e${s}`, T0 + 2 * MIN + s * S, "erin")),
    );
    expect((await evaluate(T0 + 4 * MIN)).created).toEqual([]);
  });

  it("load history a rule asks for about a key absent from the window, and run it again", async () => {
    store = await openTestStore();
    await start(T0);
    const det = store.forTenant("acme").detection;
    await det.putRuleConfig({
      rule: "telemetry_gap",
      enabled: true,
      params: { watch: ["key-2"] },
      allow: [],
      groupBy: [],
      enabledAt: new Date(T0),
      updatedAt: new Date(T0),
      updatedBy: "t",
    });
    await storeEvents(store, [
      eventDoc("acme", "k1", T0 + 10 * S, { ingest_key_id: "key-2" }),
      eventDoc("acme", "k2", T0 + 20 * S, { ingest_key_id: "key-2" }),
    ]);
    expect((await evaluate(T0 + 2 * MIN)).created).toEqual([]);
    // The next hour: key-2 sent twice in the hour before and nothing now.
    await storeEvents(store, [eventDoc("acme", "k3", T0 + 30 * MIN)]);
    const r = await evaluate(T0 + 61 * MIN);
    expect(r.created.map((f) => [f.subjectKey, f.baseline])).toEqual([["key-2", { lastHour: 2 }]]);
  });
});
