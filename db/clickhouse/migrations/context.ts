import { type ChFragment, chsql } from "../binder";
import type { ClickHouseFeatures } from "../version";

/**
 * What a migration renders against: single node, or a cluster where each table is a replicated
 * local table plus a Distributed table over it (reads and writes use the distributed name).
 */
export type MigrationContext = {
  cluster: string | null;
  database: string;
  features: ClickHouseFeatures;
};

export type Migration = {
  version: number;
  name: string;
  statements(ctx: MigrationContext): ChFragment[];
};

function safe(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`not a safe identifier: ${name}`);
  return name;
}

/** `ON CLUSTER name` or nothing. */
export function onCluster(ctx: MigrationContext): string {
  return ctx.cluster ? ` ON CLUSTER ${safe(ctx.cluster)}` : "";
}

/**
 * A table in both forms: `Replacing` engines keep the newest row per sorting key, which makes
 * replayed inserts idempotent. On a cluster the data lives in `<name>_local` (replicated through
 * ZooKeeper) and `<name>` is the Distributed table, sharded by `shardKey`.
 */
export function replacingTable(
  ctx: MigrationContext,
  name: string,
  columns: string,
  tail: string,
  shardKey: string,
): ChFragment[] {
  return mergeTreeTable(ctx, {
    name,
    engine: "ReplacingMergeTree",
    args: [],
    columns,
    tail,
    shardKey,
  });
}

/** Any MergeTree-family table in both forms, e.g. `SummingMergeTree` with its summed columns. */
export function mergeTreeTable(
  ctx: MigrationContext,
  t: {
    name: string;
    engine: string;
    args: string[];
    columns: string;
    tail: string;
    shardKey: string;
  },
): ChFragment[] {
  const db = safe(ctx.database);
  const name = safe(t.name);
  if (!ctx.cluster) {
    return [
      chsql([
        `CREATE TABLE IF NOT EXISTS ${db}.${name} (${t.columns}) ENGINE = ${t.engine}(${t.args.join(", ")}) ${t.tail}`,
      ]),
    ];
  }
  const replicated = [`'/clickhouse/tables/{shard}/${db}/${name}'`, "'{replica}'", ...t.args];
  return [
    chsql([
      `CREATE TABLE IF NOT EXISTS ${db}.${name}_local${onCluster(ctx)} (${t.columns}) ENGINE = Replicated${t.engine}(${replicated.join(", ")}) ${t.tail}`,
    ]),
    chsql([
      `CREATE TABLE IF NOT EXISTS ${db}.${name}${onCluster(ctx)} AS ${db}.${name}_local ENGINE = Distributed(${safe(ctx.cluster)}, ${db}, ${name}_local, ${t.shardKey})`,
    ]),
  ];
}

/**
 * A materialized view feeding `target` from every insert into `source`. On a cluster both are the
 * `_local` tables: the view fires on the replica that takes the insert, and the replicated target
 * carries its rows to the other replicas.
 */
export function materializedView(
  ctx: MigrationContext,
  name: string,
  source: string,
  target: string,
  select: (from: string) => ChFragment,
): ChFragment[] {
  const db = safe(ctx.database);
  const local = (t: string) => `${db}.${safe(t)}${ctx.cluster ? "_local" : ""}`;
  const create = `CREATE MATERIALIZED VIEW IF NOT EXISTS ${local(name)}${onCluster(ctx)} TO ${local(target)} AS `;
  return [chsql`${chsql([create])}${select(local(source))}`];
}

/** The name reads and inserts use: the Distributed table on a cluster, the table itself otherwise. */
export function tableName(ctx: MigrationContext, name: string): string {
  return `${safe(ctx.database)}.${safe(name)}`;
}

/** Drops a table (both forms on a cluster) or a view (`view: true`: only its `_local` form exists there). */
export function dropTable(
  ctx: MigrationContext,
  name: string,
  o: { view?: boolean } = {},
): ChFragment[] {
  const db = safe(ctx.database);
  const n = safe(name);
  if (!ctx.cluster) return [chsql([`DROP TABLE IF EXISTS ${db}.${n}`])];
  const local = chsql([`DROP TABLE IF EXISTS ${db}.${n}_local${onCluster(ctx)}`]);
  return o.view ? [local] : [chsql([`DROP TABLE IF EXISTS ${db}.${n}${onCluster(ctx)}`]), local];
}
