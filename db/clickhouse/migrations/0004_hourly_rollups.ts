import { DIMENSION_COLUMNS } from "../../store/clickhouse/ch-filter";
import { ROLLUP_DIMENSIONS, ROLLUP_NAMES, type RollupName } from "../../store/rollups";
import { type ChFragment, chsql } from "../binder";
import { type Migration, materializedView, mergeTreeTable, tableName } from "./context";

/**
 * Hourly counts for the dashboard's charts, KPIs and top-N, kept by materialized views so those
 * reads do not scan raw events. Each rollup keeps a few dimensions that are read together, so it
 * stays far smaller than the events: the low-cardinality controls (series by outcome, verdict,
 * policy; top servers and tools), actors by outcome, and clients and agents by outcome. Readers
 * pick the smallest rollup that has every dimension a query filters or groups by
 * (db/store/clickhouse/ch-rollups.ts) and read raw events otherwise.
 *
 * Counts are exact because each event row is inserted once (replays check what is already stored,
 * see ch-replay.ts). Hours are `intDiv(time_ms, 3600000)`, so no server time zone is involved.
 * Sorting keys cannot be Nullable on older servers: a missing value is '' (the contract forbids
 * empty strings in these fields, so '' means "none").
 */
/** A rollup's columns: its shared dimensions (db/store/rollups.ts) as ClickHouse names them. */
export function rollupColumns(name: RollupName): string[] {
  return ROLLUP_DIMENSIONS[name].map((d) => DIMENSION_COLUMNS[d]);
}

export type { RollupName };

/**
 * A rollup's rows computed from events, as the view computes them; `where` (static SQL or a bound
 * fragment) narrows the events, e.g. when retention recomputes the hours it touched.
 */
export function rollupSelect(name: RollupName, from: ChFragment, where?: ChFragment): ChFragment {
  const dims = rollupColumns(name);
  const keys = dims.map((d) => `ifNull(${d}, '') AS ${d}`).join(", ");
  const head = chsql`${chsql([
    `SELECT tenant_id, intDiv(time_ms, 3600000) AS hour, ${keys}, toUInt64(count()) AS n, toUInt64(sum(redaction_count)) AS redactions FROM `,
  ])}${from}`;
  const tail = chsql([` GROUP BY tenant_id, hour, ${dims.join(", ")}`]);
  return where ? chsql`${head} WHERE ${where}${tail}` : chsql`${head}${tail}`;
}

export const m0004: Migration = {
  version: 4,
  name: "hourly_rollups",
  statements: (ctx) =>
    ROLLUP_NAMES.flatMap((name) => {
      const dims = rollupColumns(name);
      const select = (from: string) => rollupSelect(name, chsql([from]));
      const columns = `tenant_id String, hour Int64, ${dims.map((d) => `${d} String`).join(", ")}, n UInt64, redactions UInt64`;
      const tail = `PARTITION BY toYYYYMM(toDateTime(hour * 3600)) ORDER BY (tenant_id, hour, ${dims.join(", ")})`;
      return [
        ...mergeTreeTable(ctx, {
          name,
          engine: "SummingMergeTree",
          args: ["(n, redactions)"],
          columns,
          tail,
          shardKey: "cityHash64(tenant_id)",
        }),
        ...materializedView(ctx, `${name}_mv`, "events", name, select),
        // Existing events, counted once: run migrations with the ingest servers stopped.
        chsql`${chsql([`INSERT INTO ${tableName(ctx, name)} `])}${select(`${tableName(ctx, "events")} FINAL`)}`,
      ];
    }),
};
