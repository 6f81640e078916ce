/**
 * Robust statistics for baseline rules. Median and MAD rather than mean and standard deviation:
 * one past incident (a migration that made 10 000 calls) would inflate a mean-based baseline for
 * weeks and hide the next one, while the median and MAD ignore up to half the history being odd.
 */

/** 1.4826 × MAD estimates the standard deviation of normally distributed data. */
export const MAD_SCALE = 1.4826;

/** The median of the values; 0 for none (an empty history is "nothing happened"). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  if (sorted.length % 2 === 1) return upper;
  return ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** Median absolute deviation from the median (unscaled); 0 for none. */
export function mad(values: readonly number[], center = median(values)): number {
  return median(values.map((v) => Math.abs(v - center)));
}

export type RobustSummary = { median: number; mad: number; n: number };

export function robustSummary(values: readonly number[]): RobustSummary {
  const m = median(values);
  return { median: m, mad: mad(values, m), n: values.length };
}

/**
 * The spread a rule divides by: the scaled MAD, floored at `floor` (default 1). Without the
 * floor a perfectly steady history (MAD 0) would make any deviation infinitely anomalous.
 */
export function robustSpread(s: Pick<RobustSummary, "mad">, floor = 1): number {
  return Math.max(MAD_SCALE * s.mad, floor);
}

/** How many robust spreads `value` lies above (positive) or below the median. */
export function robustZ(
  value: number,
  s: Pick<RobustSummary, "median" | "mad">,
  floor = 1,
): number {
  return (value - s.median) / robustSpread(s, floor);
}

/**
 * Values of an hourly series that fall on the same hour of the week as the hour starting at
 * `hourStart`, given the series starts at `seriesFrom` (both epoch ms, hour-aligned). Used for
 * seasonal baselines: Monday 09:00 compared with past Mondays 09:00.
 */
export function sameHourOfWeek(
  series: readonly number[],
  seriesFrom: number,
  hourStart: number,
): number[] {
  const out: number[] = [];
  const offset = Math.round((hourStart - seriesFrom) / HOUR) % HOURS_PER_WEEK;
  const first = (offset + HOURS_PER_WEEK) % HOURS_PER_WEEK;
  for (let i = first; i < series.length; i += HOURS_PER_WEEK) out.push(series[i] ?? 0);
  return out;
}

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const HOURS_PER_WEEK = 168;

/** The start of the UTC hour containing `t` (epoch ms). */
export function hourStart(t: number): number {
  return Math.floor(t / HOUR) * HOUR;
}
