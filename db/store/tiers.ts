export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A rollup grain: hourly rows (`hour` = epoch ms / 1 h) or daily rows (UTC days). */
export type Grain = "hour" | "day";

export const GRAIN_MS: Record<Grain, number> = { hour: HOUR_MS, day: DAY_MS };

/**
 * One piece of a time range, half-open [from, to) in epoch milliseconds (null: unbounded), and
 * where it is read from: a rollup grain, whose rows it covers whole, or raw events.
 */
export type TierPart = { source: Grain | "raw"; from: number | null; to: number | null };

const COARSEST_FIRST: readonly Grain[] = ["day", "hour"];

/**
 * Splits [from, to) into whole days, whole hours and the sub-hour edges, in time order and without
 * gaps or overlaps: the days inside the range come from `day` rows (when allowed), the whole
 * hours around them from `hour` rows (when allowed), and only what is left, less than an hour at
 * each end, from raw events. An empty range gives no parts.
 */
export function splitTiers(
  from: number | null,
  to: number | null,
  grains: readonly Grain[],
): TierPart[] {
  const lo = from ?? Number.NEGATIVE_INFINITY;
  const hi = to ?? Number.POSITIVE_INFINITY;
  if (!(lo < hi)) return [];
  const parts: TierPart[] = [];
  const allowed = COARSEST_FIRST.filter((g) => grains.includes(g));
  split(lo, hi, allowed, parts);
  return parts;
}

function split(lo: number, hi: number, grains: readonly Grain[], out: TierPart[]): void {
  const [grain, ...finer] = grains;
  if (!grain) {
    out.push(part("raw", lo, hi));
    return;
  }
  const unit = GRAIN_MS[grain];
  // Infinite ends stay infinite: an open range has every whole unit on that side.
  const start = Number.isFinite(lo) ? Math.ceil(lo / unit) * unit : lo;
  const end = Number.isFinite(hi) ? Math.floor(hi / unit) * unit : hi;
  if (!(start < end)) {
    split(lo, hi, finer, out);
    return;
  }
  if (lo < start) split(lo, start, finer, out);
  out.push(part(grain, start, end));
  if (end < hi) split(end, hi, finer, out);
}

function part(source: TierPart["source"], lo: number, hi: number): TierPart {
  return {
    source,
    from: Number.isFinite(lo) ? lo : null,
    to: Number.isFinite(hi) ? hi : null,
  };
}

/**
 * The grains a time series may read: a rollup row must fall inside one bucket, so its grain must
 * divide the bucket (buckets start at multiples of their size since the epoch, as rows do).
 */
export function grainsForBuckets(grains: readonly Grain[], bucketSeconds?: number): Grain[] {
  if (bucketSeconds === undefined) return [...grains];
  return grains.filter((g) => (bucketSeconds * 1000) % GRAIN_MS[g] === 0);
}
