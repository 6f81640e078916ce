import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../db/store/types";
import { evaluateTenant } from "./engine";
import {
  allFlags,
  eventDoc,
  MIN,
  normalise,
  openTestStore,
  storeEvents,
  T0,
  testBurstRule,
} from "./engine-test-kit";
import { historyCacheSizes, setHistoryCacheLimits } from "./history-cache";
import { HOUR } from "./stats";

const S = 1000;
const stores: Store[] = [];
afterEach(async () => {
  setHistoryCacheLimits(null);
  for (const s of stores.splice(0)) await s.close();
});

const call = (id: string, t: number, actor: string, outcome = "ok") =>
  eventDoc("acme", id, t, { actor: { id: actor, type: "user" }, outcome } as never);

/** Evaluates one-minute windows up to `until`; `fresh` forgets every cache before each step. */
async function run(
  store: Store,
  until: number,
  fresh: boolean,
  between?: () => Promise<void>,
  at = T0 + 3 * MIN,
) {
  const data = store.forTenant("acme");
  for (let now = T0; now <= until; now += MIN) {
    if (now === at) await between?.();
    for (let i = 0; i < 10; i++) {
      if (fresh) setHistoryCacheLimits(null);
      const r = await evaluateTenant({ data, now: new Date(now), rules: [testBurstRule] });
      if (r.caughtUp) break;
    }
  }
  return (await allFlags(store))
    .map(normalise)
    .sort((a, b) => String(a.subjectKey).localeCompare(String(b.subjectKey)));
}

/** Five actors: calls in every minute, then denial bursts whose baseline is the prior day. */
async function loaded(): Promise<Store> {
  const store = await openTestStore();
  stores.push(store);
  const docs = [];
  for (let m = 0; m < 6; m++)
    for (let a = 0; a < 5; a++) {
      docs.push(call(`c${m}-${a}`, T0 + m * MIN + a * S, `actor${a}`));
      if (m >= 3)
        for (let d = 0; d < 3; d++)
          docs.push(call(`d${m}-${a}-${d}`, T0 + m * MIN + 10 * S + d * S, `actor${a}`, "denied"));
    }
  await storeEvents(store, docs);
  return store;
}

/** Another evaluator's commit: the same cursor (the cache's token too) one version on, with tallies. */
async function rivalCommit(
  store: Store,
  state?: Record<string, unknown>,
  endFlags = false,
): Promise<void> {
  const det = store.forTenant("acme").detection;
  const cursor = await det.getCursor();
  if (!cursor) throw new Error("no cursor");
  const active = (await det.listFlags({ active: true, limit: 100, offset: 0 })).rows;
  const tallies = [0, 1, 2, 3, 4].map((a) => ({
    series: "actor",
    key: `actor${a}`,
    hour: new Date(T0 - 2 * HOUR),
    value: 40,
  }));
  const ok = await det.commitEvaluation({
    expectVersion: cursor.version,
    cursor: {
      watermark: cursor.watermark,
      state: { ...cursor.state, ...state },
      backfilledFrom: cursor.backfilledFrom,
    },
    tallies,
    seen: [],
    flags: endFlags ? active.map((f) => ({ ...f, active: false })) : [],
    history: [],
    now: new Date(T0),
  });
  expect(ok).toBe(true);
}

describe("history cache", () => {
  it("is dropped when another evaluator commits in between: the same flags as without it", async () => {
    const cached = await run(await loaded(), T0 + 8 * MIN, false, async () =>
      rivalCommit(stores[0] as Store),
    );
    const uncached = await run(await loaded(), T0 + 8 * MIN, true, async () =>
      rivalCommit(stores[1] as Store),
    );
    expect(cached.length).toBe(5);
    // The rival's tallies are in every flag's baseline: the cache did not answer from before them.
    for (const f of cached)
      expect((f.baseline as { priorDay: number }).priorDay).toBeGreaterThanOrEqual(40);
    expect(cached).toEqual(uncached);
  });

  it("holds the rules' state between its own commits only: a rival's state is read from the store", async () => {
    const rival = { "denial_burst@7": { windows: 100 } };
    const cached = await run(await loaded(), T0 + 8 * MIN, false, async () =>
      rivalCommit(stores[0] as Store, rival),
    );
    const uncached = await run(await loaded(), T0 + 8 * MIN, true, async () =>
      rivalCommit(stores[1] as Store, rival),
    );
    expect(cached.length).toBe(5);
    // Counted on from the rival's state, not from the one this process last committed.
    for (const f of cached)
      expect((f.observed as { windows: number }).windows).toBeGreaterThan(100);
    expect(cached).toEqual(uncached);
    const states = await Promise.all(
      stores.map(async (s) => {
        const { "engine:cache": _, ...state } =
          (await s.forTenant("acme").detection.getCursor())?.state ?? {};
        return state;
      }),
    );
    expect(states[0]).toEqual(states[1]);
    const windows = (states[0]?.["denial_burst@7"] as { windows: number } | undefined)?.windows;
    expect(windows).toBeGreaterThan(100);
  });

  it("holds the active flags between its own commits only: flags a rival ended are not extended", async () => {
    const end = (i: number) => async () => rivalCommit(stores[i] as Store, {}, true);
    const cached = await run(await loaded(), T0 + 8 * MIN, false, end(0), T0 + 6 * MIN);
    const uncached = await run(await loaded(), T0 + 8 * MIN, true, end(1), T0 + 6 * MIN);
    // Minute 3's bursts were flagged, then ended by the rival: minute 4's open new flags.
    expect(cached.filter((f) => f.active === false).length).toBe(5);
    expect(cached.length).toBe(10);
    expect(cached).toEqual(uncached);
  });

  it("stays within its bounds of keys and tenants, with the same flags", async () => {
    setHistoryCacheLimits({ maxKeys: 2, maxTenants: 1 });
    const bounded = await run(await loaded(), T0 + 8 * MIN, false);
    const sizes = historyCacheSizes();
    expect(sizes.tenants).toBe(1);
    for (const k of sizes.keys) expect(k).toBeLessThanOrEqual(2);
    // A second tenant's evaluation pushes the first one's cache out.
    await run(await loaded(), T0 + 8 * MIN, false);
    expect(historyCacheSizes().tenants).toBe(1);
    setHistoryCacheLimits(null);
    const unbounded = await run(await loaded(), T0 + 8 * MIN, false);
    expect(historyCacheSizes().keys.some((k) => k > 2)).toBe(true);
    expect(bounded).toEqual(unbounded);
  });
});
