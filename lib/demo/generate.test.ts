import { describe, expect, it } from "vitest";
import { eventV1Schema, OUTCOMES } from "../core/contract";
import { generateEvents, generateMalformed } from "./generate";

const from = new Date("2026-03-01T00:00:00Z");
const to = new Date("2026-03-08T00:00:00Z");

describe("demo traffic", () => {
  const events = generateEvents({ seed: 7, tenant: "acme", from, to, count: 5000 });

  it("is reproducible for a seed and differs across seeds", () => {
    const a = generateEvents({ seed: 7, tenant: "acme", from, to, count: 50 });
    expect(generateEvents({ seed: 7, tenant: "acme", from, to, count: 50 })).toEqual(a);
    expect(generateEvents({ seed: 8, tenant: "acme", from, to, count: 50 })).not.toEqual(a);
  });

  it("produces only valid events with unique ids, in range and in time order", () => {
    for (const e of events) expect(eventV1Schema.safeParse(e).success).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    const times = events.map((e) => Date.parse(e.time as string));
    expect(
      times.every(
        (t, i) =>
          t >= from.getTime() && t < to.getTime() && (i === 0 || t >= (times[i - 1] as number)),
      ),
    ).toBe(true);
  });

  it("covers every outcome and carries some redactable secrets", () => {
    expect(new Set(events.map((e) => e.outcome))).toEqual(new Set(OUTCOMES));
    expect(events.some((e) => JSON.stringify(e).includes("AKIAIOSFODNN7EXAMPLE"))).toBe(true);
  });

  it("makes malformed events that the contract rejects", () => {
    const bad = generateMalformed(1, "acme");
    expect(bad.length).toBeGreaterThan(3);
    // Deterministic: sent again under the same Idempotency-Key, it is the same request.
    expect(generateMalformed(1, "acme")).toEqual(bad);
    for (const e of bad) expect(eventV1Schema.safeParse(e).success).toBe(false);
  });
});
