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
/**
 * The rollups and their columns as this migration created them. A migration is frozen: it never
 * imports live store code, whose definitions move on (db/store/clickhouse/ch-rollups.ts holds
 * those, and a test checks that they still match this schema).
 */
export const ROLLUP_COLUMNS_V4 = {
  rollup_hourly: ["server_name", "tool", "outcome", "verdict", "policy_id", "data_classification"],
  rollup_hourly_clients: ["client_name", "agent_id", "outcome"],
  rollup_hourly_actors: ["actor_id", "outcome"],
} as const;

type RollupV4 = keyof typeof ROLLUP_COLUMNS_V4;

/** A rollup's rows computed from events, as this migration's views compute them. */
export function rollupSelectV4(name: RollupV4, from: ChFragment, where?: ChFragment): ChFragment {
  const dims = ROLLUP_COLUMNS_V4[name];
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
    (Object.keys(ROLLUP_COLUMNS_V4) as RollupV4[]).flatMap((name) => {
      const dims = ROLLUP_COLUMNS_V4[name];
      const select = (from: string) => rollupSelectV4(name, chsql([from]));
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
