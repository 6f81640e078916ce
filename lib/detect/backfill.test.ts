import { afterEach, describe, expect, it } from "vitest";
import type { EvaluationUnit } from "../../db/store/detection-types";
import type { Store } from "../../db/store/types";
import type { StoredEvent } from "../core/contract";
import { learningSince } from "./backfill";
import { type EngineData, evaluateTenant } from "./engine";
import { eventDoc, MIN, openTestStore, storeEvents, T0, testBurstRule } from "./engine-test-kit";
import { HOUR } from "./stats";
import { SEEN_KINDS, SEP, SERIES } from "./tallies";
import { memoryBaselines } from "./testing/memory-baselines";
import { toDetectEvent } from "./to-detect-event";

let store: Store;
afterEach(async () => store?.close());

/** Three days of history before T0 (none in T0's previous hour, which windows share). */
function history(): StoredEvent[] {
  const docs: StoredEvent[] = [];
  for (let h = 2; h < 72; h += 3) {
    const t = T0 - h * HOUR - 7 * MIN;
    for (const [i, actor] of ["alice", "bob"].entries())
      docs.push(
        eventDoc("acme", `h${h}-${actor}`, t + i * 1000, {
          actor: { id: actor, type: "user" },
          tool: h % 2 === 0 ? "read_file" : "write_file",
          arguments: { path: `/p/${h % 5}`, n: i },
          result_bytes: 100 + h,
          session_id: `s-${Math.floor(h / 24)}`,
        }),
      );
  }
  return docs;
}

function racing(tenant: EngineData, rival: () => Promise<unknown>): EngineData {
  let raced = false;
  return {
    tenantId: tenant.tenantId,
    listEvents: (q) => tenant.listEvents(q),
    countEvents: (f) => tenant.countEvents(f),
    detection: new Proxy(tenant.detection, {
      get(target, prop, receiver) {
        if (prop === "commitEvaluation")
          return async (u: EvaluationUnit) => {
            if (!raced) {
              raced = true;
              await rival();
            }
            return target.commitEvaluation(u);
          };
        const v = Reflect.get(target, prop, receiver);
        return typeof v === "function" ? v.bind(target) : v;
      },
    }),
  };
}

describe("backfill", () => {
  it("folds stored history into tallies and seen once, in chunks under the cap, resuming after a lost commit", async () => {
    store = await openTestStore();
    const docs = history();
    await storeEvents(store, docs);
    const tenant = store.forTenant("acme");
    const now = new Date(T0);
    const step = (data: EngineData = tenant) =>
      evaluateTenant({ data, now, rules: [testBurstRule], maxEvents: 10 });
    expect((await step()).kind).toBe("start");
    const chunks: { from: number; to: number; events: number }[] = [];
    const record = (r: Awaited<ReturnType<typeof step>>) => {
      if (r.kind === "backfill" && r.window)
        chunks.push({ from: r.window.from.getTime(), to: r.window.to.getTime(), events: r.events });
    };
    record(await step());
    // A rival folds the next chunk first: this step's commit fails, and it goes on after it.
    record(await step(racing(tenant, async () => record(await step()))));
    for (let i = 0; i < 200; i++) {
      const r = await step();
      record(r);
      if (r.caughtUp) break;
    }
    expect(chunks.reduce((n, c) => n + c.events, 0)).toBe(docs.length);
    expect(Math.max(...chunks.map((c) => c.events))).toBeLessThanOrEqual(10);
    // Contiguous, backwards from the start, on hours after the first.
    for (const [i, c] of chunks.entries()) {
      expect(c.to).toBe(i === 0 ? T0 - MIN : chunks[i - 1]?.from);
      expect(c.from % HOUR).toBe(0);
    }
    const cursor = await tenant.detection.getCursor();
    expect(cursor?.backfilledFrom?.getTime()).toBeLessThanOrEqual(T0 - 28 * 24 * HOUR);
    expect(cursor?.watermark.getTime()).toBe(T0 - MIN);
    // Learning began with the oldest stored event, not four weeks ago.
    expect(cursor && learningSince(cursor)).toBe(T0 - 71 * HOUR - 7 * MIN);

    // What the rules' tests assume the engine keeps: lib/detect/testing's in-memory baselines.
    const events = docs.map(toDetectEvent);
    const expected = memoryBaselines(events, { before: T0, learningSince: 0 });
    const from = T0 - 4 * 24 * HOUR;
    const keys = new Set(events.flatMap((e) => [e.actorId, `${e.actorId}${SEP}${e.tool}`]));
    for (const series of SERIES)
      for (const key of [...keys, "files", "key-1"]) {
        const stored = new Map(
          (await tenant.detection.hourly(series, [key], new Date(from), new Date(T0))).map((t) => [
            t.hour.getTime(),
            t.value,
          ]),
        );
        const want = expected.hourly(series, key, from, T0);
        const got = want.map((_, i) => stored.get(from + i * HOUR) ?? 0);
        expect({ series, key, got }).toEqual({ series, key, got: want });
      }
    for (const kind of SEEN_KINDS)
      for (const key of [
        ...keys,
        "files",
        "key-1",
        "read_file",
        "alice\u001ffiles",
        "s-0",
        "s-2",
      ]) {
        const [s] = await tenant.detection.seen(kind, [key]);
        const want = expected.seen(kind, key);
        expect({
          kind,
          key,
          s: s ? { first: s.first.getTime(), last: s.last.getTime() } : null,
        }).toEqual({
          kind,
          key,
          s: want,
        });
      }
  });

  it("finishes at once when nothing is stored before the start", async () => {
    store = await openTestStore();
    const tenant = store.forTenant("acme");
    const now = new Date(T0);
    await evaluateTenant({ data: tenant, now, rules: [] });
    const r = await evaluateTenant({ data: tenant, now, rules: [] });
    expect(r).toMatchObject({ kind: "backfill", window: null, events: 0 });
    expect((await evaluateTenant({ data: tenant, now, rules: [] })).kind).toBe("idle");
    // Nothing to learn from: a new tenant is learning from its start.
    const cursor = await tenant.detection.getCursor();
    expect(cursor && learningSince(cursor)).toBe(T0 - MIN);
  });
});
