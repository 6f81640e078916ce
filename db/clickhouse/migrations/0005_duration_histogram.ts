import { type ChFragment, chsql } from "../binder";
import { type Migration, materializedView, mergeTreeTable, tableName } from "./context";

/**
 * Hourly duration histograms (bucket as in db/store/duration-buckets.ts), kept by a materialized
 * view like the count rollups of migration 4: the overview's p95 over whole hours reads a few
 * thousand rows instead of every duration, and comes out identical to the SQL stores' answer.
 */
export function durationsSelectV5(from: ChFragment, where?: ChFragment): ChFragment {
  const bucket = BUCKET_V5;
  const head = chsql`${chsql([
    `SELECT tenant_id, intDiv(time_ms, 3600000) AS hour, ${bucket} AS bucket, toUInt64(count()) AS n FROM `,
  ])}${from}`;
  const filter = where
    ? chsql` WHERE isNotNull(duration_ms) AND ${where}`
    : chsql` WHERE isNotNull(duration_ms)`;
  return chsql`${head}${filter}${chsql([" GROUP BY tenant_id, hour, bucket"])}`;
}

/**
 * The bucket expression as this migration's view computes it (431 buckets, 16 per octave above
 * 16 ms), frozen here: a migration never imports live store code. The live expression
 * (db/store/clickhouse/ch-duration-bucket.ts) is checked against this text by a test.
 */
const BUCKET_V5 = (() => {
  const m = "toInt64(floor(assumeNotNull(duration_ms)))";
  const guess = `toInt64(floor(log2(greatest(${m}, 1))))`;
  const e = `if(intExp2(${guess}) > ${m}, ${guess} - 1, if(intExp2(${guess} + 1) <= ${m}, ${guess} + 1, ${guess}))`;
  const octave = `16 * (${e} - 4) + 16 + intDiv(${m} - toInt64(intExp2(${e})), toInt64(intExp2(greatest(${e} - 4, 0))))`;
  return `toUInt16(if(${m} < 16, greatest(${m}, 0), least(431, ${octave})))`;
})();

export const m0005: Migration = {
  version: 5,
  name: "duration_histogram",
  statements: (ctx) => [
    ...mergeTreeTable(ctx, {
      name: "rollup_hourly_durations",
      engine: "SummingMergeTree",
      args: ["(n)"],
      columns: "tenant_id String, hour Int64, bucket UInt16, n UInt64",
      tail: "PARTITION BY toYYYYMM(toDateTime(hour * 3600)) ORDER BY (tenant_id, hour, bucket)",
      shardKey: "cityHash64(tenant_id)",
    }),
    ...materializedView(
      ctx,
      "rollup_hourly_durations_mv",
      "events",
      "rollup_hourly_durations",
      (from) => durationsSelectV5(chsql([from])),
    ),
    // Existing events, counted once: run migrations with the ingest servers stopped.
    chsql`${chsql([`INSERT INTO ${tableName(ctx, "rollup_hourly_durations")} `])}${durationsSelectV5(chsql([`${tableName(ctx, "events")} FINAL`]))}`,
  ],
};
