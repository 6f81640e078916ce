import { chDurationBucket } from "../../store/clickhouse/ch-duration-bucket";
import { type ChFragment, chsql } from "../binder";
import { type Migration, materializedView, mergeTreeTable, tableName } from "./context";

/**
 * Hourly duration histograms (bucket as in db/store/duration-buckets.ts), kept by a materialized
 * view like the count rollups of migration 4: the overview's p95 over whole hours reads a few
 * thousand rows instead of every duration, and comes out identical to the SQL stores' answer.
 */
export function durationsSelect(from: ChFragment, where?: ChFragment): ChFragment {
  const bucket = chDurationBucket("assumeNotNull(duration_ms)");
  const head = chsql`${chsql([
    `SELECT tenant_id, intDiv(time_ms, 3600000) AS hour, ${bucket} AS bucket, toUInt64(count()) AS n FROM `,
  ])}${from}`;
  const filter = where
    ? chsql` WHERE isNotNull(duration_ms) AND ${where}`
    : chsql` WHERE isNotNull(duration_ms)`;
  return chsql`${head}${filter}${chsql([" GROUP BY tenant_id, hour, bucket"])}`;
}

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
      (from) => durationsSelect(chsql([from])),
    ),
    // Existing events, counted once: run migrations with the ingest servers stopped.
    chsql`${chsql([`INSERT INTO ${tableName(ctx, "rollup_hourly_durations")} `])}${durationsSelect(chsql([`${tableName(ctx, "events")} FINAL`]))}`,
  ],
};
