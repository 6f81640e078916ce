import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { EvaluationUnit } from "../../db/store/detection-types";
import type { Store } from "../../db/store/types";
import { notifyRootKey } from "../notify/secret-box";
import { putWebhook, startReceiver } from "../notify/test-kit";
import { DeliveryWorker } from "../notify/worker";
import { type EngineData, evaluateTenant } from "./engine";
import { eventDoc, MIN, openTestStore, storeEvents, T0, testBurstRule } from "./engine-test-kit";

/**
 * Notifications are the commit's outbox: a window's deliveries are stored with its flags in one
 * transaction, so a process that dies before the commit queues nothing (and the retry queues
 * once), one that dies right after it loses nothing, and a worker started later sends them.
 */
const rootKey = notifyRootKey(randomBytes(32));
let store: Store;
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
  await store?.close();
});

const denied = (id: string, t: number) =>
  eventDoc("acme", id, t, { actor: { id: "bob", type: "user" }, outcome: "denied" });

/** The tenant's data whose commits run `around` the real one (a process dying). */
function dying(around: (commit: () => Promise<boolean>) => Promise<boolean>): EngineData {
  const live = store.forTenant("acme");
  return {
    tenantId: live.tenantId,
    listEvents: (q) => live.listEvents(q),
    countEvents: (f) => live.countEvents(f),
    detection: new Proxy(live.detection, {
      get(target, prop, receiver) {
        if (prop === "commitEvaluation")
          return (u: EvaluationUnit) => around(() => target.commitEvaluation(u));
        return Reflect.get(target, prop, receiver);
      },
    }),
  };
}

async function setup() {
  store = await openTestStore();
  const rx = await startReceiver((_r, res) => res.writeHead(200).end("ok"));
  closers.push(rx.close);
  const data = store.forTenant("acme");
  await putWebhook(data, rootKey, rx.url, { id: "hook", minSeverity: "low", at: new Date(T0) });
  const evaluate = (now: number, d: EngineData = data) =>
    evaluateTenant({ data: d, now: new Date(now), rules: [testBurstRule] });
  for (let i = 0; i < 5; i++) if ((await evaluate(T0)).caughtUp) break;
  await storeEvents(
    store,
    [1, 2, 3].map((s) => denied(`a${s}`, T0 + s * 1000)),
  );
  return { rx, data, evaluate };
}

const worker = () =>
  new DeliveryWorker({
    store,
    env: { rootKey, allowPrivate: true, publicUrl: "https://tt.example.com" },
    log: { error: () => {} },
    now: () => new Date(T0 + 60 * MIN),
    random: () => 0.5,
  });

describe("notifications queued in the evaluation's commit", () => {
  it("are not queued by a commit that never happened, and are queued once by its retry", async () => {
    const { data, evaluate } = await setup();
    await expect(
      evaluate(
        T0 + 2 * MIN,
        dying(async () => {
          throw new Error("process died before the commit");
        }),
      ),
    ).rejects.toThrow(/died/);
    expect(await data.detection.listDeliveries(null, 10)).toEqual([]);
    const r = await evaluate(T0 + 2 * MIN);
    expect(r).toMatchObject({ queued: 1 });
    const queued = await data.detection.listDeliveries(null, 10);
    expect(queued).toMatchObject([{ kind: "flag.opened", flagId: r.created[0]?.id }]);
    // Nothing new: evaluating on queues nothing more.
    expect(await evaluate(T0 + 3 * MIN)).toMatchObject({ queued: 0 });
    expect(await data.detection.listDeliveries(null, 10)).toHaveLength(1);
  });

  it("survive a process dying right after the commit, and a worker started later sends them", async () => {
    const { rx, data, evaluate } = await setup();
    await expect(
      evaluate(
        T0 + 2 * MIN,
        dying(async (commit) => {
          await commit();
          throw new Error("process died after the commit");
        }),
      ),
    ).rejects.toThrow(/died/);
    const [flag] = (await data.detection.listFlags({ limit: 10, offset: 0 })).rows;
    expect(flag).toBeDefined();
    expect(await data.detection.listDeliveries(null, 10)).toMatchObject([
      { flagId: flag?.id, status: "pending" },
    ]);
    // The restarted server's worker delivers what was queued, once.
    const w = worker();
    await w.tick();
    await w.idle();
    expect(rx.received).toHaveLength(1);
    expect(JSON.parse(rx.received[0]?.body ?? "{}")).toMatchObject({
      type: "flag.opened",
      flag: { id: flag?.id },
    });
    expect(await data.detection.listDeliveries(null, 10)).toMatchObject([{ status: "delivered" }]);
    await w.tick();
    await w.idle();
    expect(rx.received).toHaveLength(1);
  });
});
