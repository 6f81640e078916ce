import { describe, expect, it } from "vitest";
import {
  HOUR,
  HOURS_PER_WEEK,
  hourStart,
  mad,
  median,
  robustSpread,
  robustSummary,
  robustZ,
  sameHourOfWeek,
} from "./stats";

describe("robust statistics", () => {
  it("median of odd, even, unsorted and empty lists", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
    expect(median([7])).toBe(7);
  });

  it("median does not reorder its input", () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });

  it("MAD ignores one outlier that would dominate a standard deviation", () => {
    const history = [9, 10, 8, 11, 9, 10, 10000];
    expect(median(history)).toBe(10);
    // deviations 1,0,2,1,1,0,9990 → sorted 0,0,1,1,1,2,9990 → median 1
    expect(mad(history)).toBe(1);
  });

  it("robust z-score scales the MAD and floors a zero spread at 1", () => {
    const steady = robustSummary([5, 5, 5, 5]);
    expect(steady).toEqual({ median: 5, mad: 0, n: 4 });
    expect(robustSpread(steady)).toBe(1);
    expect(robustZ(11, steady)).toBe(6);
    const noisy = { median: 10, mad: 2 };
    expect(robustSpread(noisy)).toBeCloseTo(2.9652, 4);
    expect(robustZ(10 + 2.9652 * 3, noisy)).toBeCloseTo(3, 6);
    expect(robustZ(4, noisy)).toBeLessThan(0);
  });

  it("same hour of the week picks every 168th value from the matching offset", () => {
    const from = 0;
    const series = Array.from({ length: HOURS_PER_WEEK * 3 }, (_, i) => i);
    const target = from + (HOURS_PER_WEEK * 3 + 5) * HOUR; // the hour after the series, offset 5
    expect(sameHourOfWeek(series, from, target)).toEqual([5, 173, 341]);
  });

  it("hourStart truncates to the UTC hour", () => {
    expect(hourStart(Date.UTC(2026, 0, 1, 14, 59, 59, 999))).toBe(Date.UTC(2026, 0, 1, 14));
  });
});
