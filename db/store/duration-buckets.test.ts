import { describe, expect, it } from "vitest";
import {
  bucketBounds,
  bucketValue,
  DURATION_THRESHOLDS,
  durationBucket,
  P95_ABSOLUTE_ERROR_BELOW_16_MS,
  P95_RELATIVE_ERROR,
  p95FromHistogram,
  p95FromValue,
  p95Rank,
} from "./duration-buckets";

/** The exact nearest-rank 95th percentile. */
function exactP95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[p95Rank(sorted.length) - 1] as number;
}

function histogram(values: number[]): Map<number, number> {
  const h = new Map<number, number>();
  for (const v of values) h.set(durationBucket(v), (h.get(durationBucket(v)) ?? 0) + 1);
  return h;
}

describe("the duration histogram scheme", () => {
  it("has increasing whole-millisecond thresholds, 16 per octave from 16 ms", () => {
    expect(DURATION_THRESHOLDS.length).toBe(431);
    expect(DURATION_THRESHOLDS.slice(0, 17)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
    ]);
    for (let i = 1; i < DURATION_THRESHOLDS.length; i++) {
      const [a, b] = [DURATION_THRESHOLDS[i - 1] as number, DURATION_THRESHOLDS[i] as number];
      expect(Number.isInteger(b)).toBe(true);
      expect(b).toBeGreaterThan(a);
      if (a >= 16) expect((b - a) / a).toBeLessThanOrEqual(1 / 16);
    }
    // The contract's largest duration (7 days) is inside the scheme.
    expect(bucketBounds(durationBucket(7 * 86_400_000))[1]).toBeGreaterThan(7 * 86_400_000);
  });

  it("puts a value equal to a threshold in the bucket that starts there", () => {
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(0.999)).toBe(0);
    expect(durationBucket(1)).toBe(1);
    expect(durationBucket(16)).toBe(16);
    expect(durationBucket(16.999)).toBe(16);
    expect(durationBucket(17)).toBe(17);
    for (const [b, t] of DURATION_THRESHOLDS.entries()) {
      expect(durationBucket(t)).toBe(b + 1);
      expect(durationBucket(t - 0.001)).toBe(b);
      expect(bucketBounds(b + 1)[0]).toBe(t);
    }
  });

  it("reports every duration within 1/32 from 16 ms, within 0.5 ms below", () => {
    const probe = (v: number) => {
      const err = Math.abs(bucketValue(durationBucket(v)) - v);
      if (v >= 16) expect(err / v).toBeLessThanOrEqual(P95_RELATIVE_ERROR);
      else expect(err).toBeLessThanOrEqual(P95_ABSOLUTE_ERROR_BELOW_16_MS);
    };
    for (const t of DURATION_THRESHOLDS) for (const d of [-0.001, 0, 0.001, 0.5]) probe(t + d);
    for (let v = 0; v < 604_800_000; v = v * 1.013 + 0.37) probe(v);
  });

  it("finds the bucket of the exact nearest-rank p95 from counts alone", () => {
    let seed = 1;
    const rand = () => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    for (let run = 0; run < 300; run++) {
      const n = 1 + Math.floor(rand() * 400);
      // Log-uniform from 0.1 ms to 100 s, some exact thresholds and repeats.
      const values = Array.from({ length: n }, () =>
        rand() < 0.1
          ? (DURATION_THRESHOLDS[Math.floor(rand() * 60)] as number)
          : 0.1 * 10 ** (rand() * 6),
      );
      const exact = exactP95(values);
      const fromCounts = p95FromHistogram(histogram(values));
      expect(fromCounts).toBe(p95FromValue(exact));
      const err = Math.abs((fromCounts as number) - exact);
      if (exact >= 16) expect(err / exact).toBeLessThanOrEqual(P95_RELATIVE_ERROR);
      else expect(err).toBeLessThanOrEqual(P95_ABSOLUTE_ERROR_BELOW_16_MS);
    }
  });

  it("ranks in integers: the 19th of 20, the 95th of 100, the 1st of 1", () => {
    expect(p95Rank(20)).toBe(19);
    expect(p95Rank(100)).toBe(95);
    expect(p95Rank(101)).toBe(96);
    expect(p95Rank(1)).toBe(1);
    for (let n = 1; n < 5000; n++) {
      expect(p95Rank(n) / n).toBeGreaterThanOrEqual(0.95);
      expect((p95Rank(n) - 1) / n).toBeLessThan(0.95);
    }
    expect(p95FromHistogram([])).toBeNull();
    expect(p95FromHistogram([[40, 0]])).toBeNull();
    expect(p95FromValue(null)).toBeNull();
  });
});
