import { describe, expect, it } from "vitest";
import { HOUR } from "./stats";
import { type DistinctCarry, TallyBook } from "./tallies";
import { stream } from "./testing/events";
import { memoryBaselines } from "./testing/memory-baselines";

const T0 = Date.UTC(2026, 0, 5, 9);

describe("tallies across windows", () => {
  it("count an hour's distinct argument values once however the hour is cut into windows", () => {
    const events = stream()
      .hourly(T0, 2, 12, { actorId: "bob", argValues: ["/a", "/b"] })
      .hourly(T0 + 20 * 60_000, 1, 6, { actorId: "bob", argValues: ["/c"] })
      .hourly(T0 + 30 * 60_000, 1, 6, { actorId: "bob", argValues: ["/a", "/d"], internal: true })
      .build();
    const sums = new Map<string, number>();
    let carry: DistinctCarry | null = null;
    // Windows of 7 minutes: neither hours nor the events line up with them.
    for (let w = T0; w < T0 + 2 * HOUR; w += 7 * 60_000) {
      const book: TallyBook = new TallyBook(carry);
      for (const e of events) if (e.time >= w && e.time < w + 7 * 60_000) book.add(e);
      for (const t of book.tallies()) {
        const k = `${t.series}|${t.key}|${t.hour.getTime()}`;
        sums.set(k, (sums.get(k) ?? 0) + t.value);
      }
      carry = book.carry(w + 7 * 60_000);
    }
    const want = memoryBaselines(events, { before: T0 + 2 * HOUR, learningSince: 0 });
    for (const series of ["actor", "actor_distinct", "actor_tool"] as const) {
      const key = series === "actor_tool" ? "bob\u001fread_file" : "bob";
      const got = [T0, T0 + HOUR].map((h) => sums.get(`${series}|${key}|${h}`) ?? 0);
      expect({ series, got }).toEqual({ series, got: want.hourly(series, key, T0, T0 + 2 * HOUR) });
    }
    // Internal events are not tallied: /d was only ever sent by Tooltrail itself.
    expect(sums.get(`actor_distinct|bob|${T0}`)).toBe(3);
  });
});
