import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../db/store/types";
import { eventDoc, MIN, openTestStore, storeEvents, T0 } from "./engine-test-kit";
import type { TenantRun } from "./run-tenant";
import { startDetectionScheduler } from "./scheduler";

let store: Store;
afterEach(async () => store?.close());

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

/** Resolves once `cond` holds, checked every few milliseconds (no assertion is on time). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

describe("the detection scheduler", () => {
  it("never overlaps passes, goes on after a tenant fails, and stop() waits for the pass in progress", async () => {
    store = await openTestStore("acme");
    await store.admin.createTenant({ id: "globex", name: "globex" });
    await storeEvents(store, [eventDoc("acme", "a1", T0 - 5 * MIN)]);
    let inPass = 0;
    let maxInPass = 0;
    let passes = 0;
    let hold = gate();
    const blocking = {
      admin: new Proxy(store.admin, {
        get(target, prop, receiver) {
          if (prop === "listTenants")
            return async () => {
              inPass += 1;
              maxInPass = Math.max(maxInPass, inPass);
              passes += 1;
              await hold.opened;
              return target.listTenants();
            };
          const v = Reflect.get(target, prop, receiver);
          return typeof v === "function" ? v.bind(target) : v;
        },
      }),
      forTenant: (id: string) => {
        if (id === "acme") throw new Error("acme's store is broken");
        return store.forTenant(id);
      },
    };
    const errors: string[] = [];
    const runs: TenantRun[] = [];
    const scheduler = startDetectionScheduler({
      store: blocking,
      intervalMs: 1,
      log: { info() {}, error: (msg) => errors.push(msg) },
      onResult: (r) => {
        runs.push(r);
        inPass -= 1;
      },
      now: () => new Date(T0),
    });
    // The first pass is held in listTenants while many intervals go by: no second pass starts.
    await until(() => passes === 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(passes).toBe(1);
    hold.open();
    await until(() => runs.length >= 1 && passes >= 2);
    expect(maxInPass).toBe(1);
    expect(errors).toContain("detection failed for tenant acme");
    expect(runs[0]).toMatchObject({ tenant: "globex", caughtUp: true });
    // Stopping while a pass is held: stop() resolves only after that pass ended.
    hold = gate();
    await until(() => inPass === 1);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(false);
    hold.open();
    await stopping;
    const after = passes;
    await new Promise((r) => setTimeout(r, 20));
    expect(passes).toBe(after);
  });

  it("brings a tenant up to date in one pass run on demand", async () => {
    store = await openTestStore("acme");
    const scheduler = startDetectionScheduler({
      store,
      intervalMs: 0,
      log: { info() {}, error() {} },
      now: () => new Date(T0),
    });
    await scheduler.runPass();
    const cursor = await store.forTenant("acme").detection.getCursor();
    expect(cursor?.watermark.getTime()).toBe(T0 - MIN);
    expect(cursor?.backfilledFrom?.getTime()).toBe(T0 - 28 * 24 * 60 * MIN);
    await scheduler.stop();
  });

  it("logs a rule skipped for bad stored parameters once, not every pass", async () => {
    store = await openTestStore("acme");
    await store.forTenant("acme").detection.putRuleConfig({
      rule: "denial_burst",
      enabled: true,
      params: { threshold: 1 },
      allow: [],
      groupBy: [],
      enabledAt: null,
      updatedAt: new Date(T0),
      updatedBy: "t",
    });
    const errors: string[] = [];
    let now = T0;
    const scheduler = startDetectionScheduler({
      store,
      intervalMs: 0,
      log: { info() {}, error: (msg) => errors.push(msg) },
      now: () => new Date(now),
    });
    for (let i = 0; i < 3; i++) {
      now += 2 * MIN;
      await scheduler.runPass();
    }
    await scheduler.stop();
    expect(errors).toEqual([
      expect.stringMatching(
        /^detection: tenant acme, rule denial_burst: stored parameters are invalid \(threshold: /,
      ),
    ]);
  });
});
