import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../db/store/types";
import { evaluateTenant } from "./engine";
import {
  allFlags,
  eventDoc,
  MIN,
  openTestStore,
  storeEvents,
  T0,
  testBurstRule,
} from "./engine-test-kit";
import { previewRule } from "./preview";
import { DAY, HOUR } from "./stats";

let store: Store;
afterEach(async () => store?.close());

const denied = (id: string, t: number, actor: string) =>
  eventDoc("acme", id, t, { actor: { id: actor, type: "user" }, outcome: "denied" });
const ok = (id: string, t: number, actor: string) =>
  eventDoc("acme", id, t, { actor: { id: actor, type: "user" } });

describe("preview", () => {
  it("counts the episodes a rule would have opened per day, against history as it stood, storing nothing", async () => {
    store = await openTestStore();
    const d2 = T0 - 2 * DAY;
    const d1 = T0 - DAY;
    await storeEvents(store, [
      // Day -2: bob calls 10 times, then is denied 4 times (one episode, medium).
      ...Array.from({ length: 10 }, (_, i) => ok(`b-ok${i}`, d2 + i * MIN, "bob")),
      ...[1, 2, 3, 4].map((i) => denied(`b-d${i}`, d2 + 90 * MIN + i * 1000, "bob")),
      // Day -1: bob calls again (not history for day -2's flag); carol is denied in two bursts
      // three hours apart (two episodes: the first ended after an hour's quiet), the second high.
      ...Array.from({ length: 5 }, (_, i) => ok(`b-ok2-${i}`, d1 + i * MIN, "bob")),
      ...[1, 2, 3].map((i) => denied(`c-d${i}`, d1 + 2 * HOUR + i * 1000, "carol")),
      ...[1, 2, 3, 4, 5, 6].map((i) => denied(`c-e${i}`, d1 + 5 * HOUR + i * 1000, "carol")),
    ]);
    // The engine folds that history into the tallies (backfill: no rule runs on it).
    const tenant = store.forTenant("acme");
    for (let i = 0; i < 20; i++) {
      const r = await evaluateTenant({ data: tenant, now: new Date(T0), rules: [testBurstRule] });
      if (r.caughtUp) break;
    }
    const p = await previewRule({
      data: tenant,
      rule: testBurstRule,
      params: {},
      days: 3,
      now: new Date(T0),
    });
    const byDay = Object.fromEntries(p.days.map((d) => [d.day, d.flags]));
    expect(byDay).toEqual({ "2026-01-02": 0, "2026-01-03": 1, "2026-01-04": 2, "2026-01-05": 0 });
    expect(p.days.find((d) => d.day === "2026-01-04")?.bySeverity).toEqual({ medium: 1, high: 1 });
    expect(p.total).toBe(3);
    const bob = p.sample.find((f) => f.subjectKey === "bob");
    // Bob's 10 calls before the burst, none of the 5 of the next day.
    expect(bob?.baseline).toEqual({ priorDay: 10 });
    expect(p.sample.map((f) => f.subjectKey)).toEqual(["bob", "carol", "carol"]);
    expect(await allFlags(store)).toEqual([]);
  });

  it("refuses parameters the rule's schema refuses", async () => {
    store = await openTestStore();
    await expect(
      previewRule({
        data: store.forTenant("acme"),
        rule: testBurstRule,
        params: { threshold: 0 },
        days: 1,
        now: new Date(T0),
      }),
    ).rejects.toThrow(/threshold/);
  });
});
