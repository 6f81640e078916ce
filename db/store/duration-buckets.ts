/**
 * The one histogram scheme behind every p95 duration Tooltrail reports, on every backend and
 * every path (rollup histograms, raw events, ClickHouse). Thresholds are whole milliseconds, so
 * comparing a stored double with them is exact everywhere: every integer 1..15, then each octave
 * [2^e, 2^(e+1)) for e = 4..29 cut into 16 equal parts (width 2^(e-4)), 431 thresholds in all.
 * Bucket b holds the durations d with T[b-1] <= d < T[b] (bucket 0: d < 1; the last: d >= T[430]),
 * i.e. b is the number of thresholds <= d, which is what PostgreSQL's `width_bucket(d, T)` returns.
 *
 * A bucket is reported as its midpoint. From 16 ms up a bucket is at most 1/16 as wide as its
 * lower bound, so the midpoint is within 1/32 (3.125 %) of any duration in it; below 16 ms,
 * buckets are 1 ms wide and the midpoint is within 0.5 ms. The contract caps durations at 7 days,
 * well inside the last octave (which ends at 2^30 ms).
 */
export const DURATION_THRESHOLDS: readonly number[] = (() => {
  const t: number[] = [];
  for (let ms = 1; ms < 16; ms++) t.push(ms);
  for (let e = 4; e <= 29; e++) for (let j = 0; j < 16; j++) t.push(2 ** e + j * 2 ** (e - 4));
  return t;
})();

/** The upper end of the last bucket: 2^30 ms, beyond any duration the contract accepts. */
const LAST_UPPER = 2 ** 30;

/** The bound on |reported - true| / true for p95 values of 16 ms and more. */
export const P95_RELATIVE_ERROR = 1 / 32;
/** The bound on |reported - true| below 16 ms. */
export const P95_ABSOLUTE_ERROR_BELOW_16_MS = 0.5;

/** The bucket of a duration: how many thresholds are <= it (binary search). */
export function durationBucket(ms: number): number {
  let lo = 0;
  let hi = DURATION_THRESHOLDS.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((DURATION_THRESHOLDS[mid] as number) <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [lower, upper) of a bucket. */
export function bucketBounds(bucket: number): [number, number] {
  const lower = bucket <= 0 ? 0 : (DURATION_THRESHOLDS[bucket - 1] ?? LAST_UPPER);
  const upper = DURATION_THRESHOLDS[bucket] ?? LAST_UPPER;
  return [lower, upper];
}

/** What a bucket reports: its midpoint. */
export function bucketValue(bucket: number): number {
  const [lower, upper] = bucketBounds(bucket);
  return (lower + upper) / 2;
}

/**
 * The 1-based rank of the 95th percentile among n values (nearest rank: the smallest value with at
 * least 95 % of the values at or below it), in integers so that no backend rounds differently.
 */
export function p95Rank(n: number): number {
  return Math.floor((95 * n + 99) / 100);
}

/**
 * p95 from bucket counts: the midpoint of the bucket that holds the value of rank p95Rank(n).
 * Buckets only group values in order, so this is the bucket of the exact nearest-rank p95, and
 * every path that knows either the counts or that exact value reports the same number.
 */
export function p95FromHistogram(counts: Iterable<readonly [bucket: number, n: number]>) {
  const sorted = [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = p95Rank(total);
  let seen = 0;
  for (const [bucket, n] of sorted) {
    seen += n;
    if (seen >= rank) return bucketValue(bucket);
  }
  return null;
}

/** p95 from the exact nearest-rank value (what a raw scan without a histogram can find). */
export function p95FromValue(value: number | null): number | null {
  return value === null ? null : bucketValue(durationBucket(value));
}

/** The thresholds as a PostgreSQL array literal, for the migration's bucket function. */
export function thresholdsPgArray(): string {
  return `{${DURATION_THRESHOLDS.join(",")}}`;
}
