import { chsql } from "../binder";
import { type Migration, materializedView, replacingTable, tableName } from "./context";

/**
 * The columns of `events_by_actor`, in order: what the actor page's KPIs, series and top lists
 * read and filter by, plus the batch (writer, seq) so retention removes exactly the rows of the
 * batches it removes. Frozen: live readers keep their own list (ch-raw-source.ts), checked
 * against this one by a test.
 */
export const EVENTS_BY_ACTOR_COLUMNS_V6 = [
  ["tenant_id", "String"],
  ["actor_id", "String"],
  ["time_ms", "Int64"],
  ["id", "String"],
  ["server_name", "String"],
  ["tool", "Nullable(String)"],
  ["client_name", "Nullable(String)"],
  ["agent_id", "Nullable(String)"],
  ["outcome", "String"],
  ["verdict", "Nullable(String)"],
  ["policy_id", "Nullable(String)"],
  ["duration_ms", "Nullable(Float64)"],
  ["redaction_count", "Int32"],
  ["writer_id", "String"],
  ["batch_seq", "Int64"],
] as const;

const names = EVENTS_BY_ACTOR_COLUMNS_V6.map(([n]) => n).join(", ");

const select = (from: string) => chsql([`SELECT ${names} FROM ${from}`]);

/**
 * `events` is ordered by (tenant, time, id), so a read of one actor scans the tenant's whole
 * range; the actor page's KPIs and top lists (p95 and actor-by-tool counts have no rollup) took
 * seconds at 10 million events. This narrow copy is ordered by actor first, so the same reads
 * touch only that actor's rows. Like event_ids (migration 3) a materialized view fills it from
 * every insert into `events`, and existing rows are copied once; sharded like `events`, so the
 * copies of an id meet on one shard, where `FINAL` collapses them.
 */
export const m0006: Migration = {
  version: 6,
  name: "events_by_actor",
  statements: (ctx) => [
    ...replacingTable(
      ctx,
      "events_by_actor",
      EVENTS_BY_ACTOR_COLUMNS_V6.map(([n, type]) => `${n} ${type}`).join(", "),
      "PARTITION BY toYYYYMM(toDateTime(intDiv(time_ms, 1000))) ORDER BY (tenant_id, actor_id, time_ms, id)",
      "cityHash64(tenant_id, id)",
    ),
    ...materializedView(ctx, "events_by_actor_mv", "events", "events_by_actor", select),
    // Replacing engine: a copy repeated by an interrupted migration collapses.
    chsql`${chsql([`INSERT INTO ${tableName(ctx, "events_by_actor")} `])}${select(tableName(ctx, "events"))}`,
  ],
};
