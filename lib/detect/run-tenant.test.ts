import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../db/store/types";
import { eventDoc, MIN, openTestStore, storeEvents, T0, testBurstRule } from "./engine-test-kit";
import { detectTenant } from "./run-tenant";

let store: Store;
afterEach(async () => store?.close());

const denied = (id: string, t: number) =>
  eventDoc("acme", id, t, { actor: { id: "bob", type: "user" }, outcome: "denied" });

describe("a tenant's detection run", () => {
  it("catches up and queues a notification per flag opened, then per escalation", async () => {
    store = await openTestStore();
    const data = store.forTenant("acme");
    await data.detection.putDestination({
      id: "hook",
      kind: "webhook",
      name: "SOC",
      url: "https://soc.example/hook",
      secretCiphertext: null,
      minSeverity: "low",
      enabled: true,
      createdBy: "t",
      createdAt: new Date(T0),
    });
    let now = T0;
    const run = () => detectTenant({ data, now: () => new Date(now), rules: [testBurstRule] });
    expect(await run()).toMatchObject({ caughtUp: true, created: 0, notifications: 0 });
    await storeEvents(
      store,
      [1, 2, 3].map((s) => denied(`a${s}`, T0 + s * 1000)),
    );
    now = T0 + 2 * MIN;
    expect(await run()).toMatchObject({ created: 1, notifications: 1, caughtUp: true });
    await storeEvents(
      store,
      [1, 2, 3, 4, 5, 6].map((s) => denied(`b${s}`, T0 + MIN + s * 1000)),
    );
    now = T0 + 3 * MIN;
    // Extended and escalated (medium to high): sent again as flag.escalated.
    expect(await run()).toMatchObject({ created: 0, updated: 1, notifications: 1 });
    await storeEvents(
      store,
      [1, 2, 3].map((s) => denied(`c${s}`, T0 + 2 * MIN + s * 1000)),
    );
    now = T0 + 4 * MIN;
    // Extended without a rise: nothing sent.
    expect(await run()).toMatchObject({ updated: 1, notifications: 0 });
    const queued = await data.detection.dueDeliveries(new Date(T0 + 60 * MIN), 10);
    expect(queued.map((d) => [d.destinationId, d.kind])).toEqual([
      ["hook", "flag.opened"],
      ["hook", "flag.escalated"],
    ]);
  });
});
