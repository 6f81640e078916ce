import { DURATION_THRESHOLDS } from "../duration-buckets";

/**
 * The histogram bucket of db/store/duration-buckets.ts as a ClickHouse expression over a
 * non-null Float64 column, in integer arithmetic. The thresholds are whole milliseconds, so the
 * bucket depends on m = floor(d) only: m itself below 16, else 16 per octave: with e the octave
 * (2^e <= m < 2^(e+1)), 16 (e - 4) + 16 + (m - 2^e) / 2^(e-4), capped at the last bucket. log2 only
 * proposes e; the comparisons with intExp2 make it exact. Comparing every row against the 431
 * thresholds (arrayCount) would give the same buckets at many times the cost; a test checks the
 * two agree on 18.16 at and around every threshold.
 */
export function chDurationBucket(column: string): string {
  if (!/^([a-z_]+|assumeNotNull\([a-z_]+\))$/.test(column))
    throw new Error(`not a column: ${column}`);
  const last = DURATION_THRESHOLDS.length;
  const m = `toInt64(floor(${column}))`;
  const guess = `toInt64(floor(log2(greatest(${m}, 1))))`;
  const e = `if(intExp2(${guess}) > ${m}, ${guess} - 1, if(intExp2(${guess} + 1) <= ${m}, ${guess} + 1, ${guess}))`;
  const octave = `16 * (${e} - 4) + 16 + intDiv(${m} - toInt64(intExp2(${e})), toInt64(intExp2(greatest(${e} - 4, 0))))`;
  return `toUInt16(if(${m} < 16, greatest(${m}, 0), least(${last}, ${octave})))`;
}

/** The same bucket by the thresholds themselves, for checking the expression above. */
export function chDurationBucketByThresholds(column: string): string {
  if (!/^[a-z_]+$/.test(column)) throw new Error(`not a column: ${column}`);
  return `toUInt16(arrayCount(t -> t <= ${column}, [${DURATION_THRESHOLDS.map((t) => `${t}.`).join(", ")}]))`;
}
