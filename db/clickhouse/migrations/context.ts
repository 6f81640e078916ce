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
  const db = safe(ctx.database);
  const t = safe(name);
  if (!ctx.cluster) {
    return [
      chsql([
        `CREATE TABLE IF NOT EXISTS ${db}.${t} (${columns}) ENGINE = ReplacingMergeTree() ${tail}`,
      ]),
    ];
  }
  const engine = `ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${db}/${t}', '{replica}')`;
  return [
    chsql([
      `CREATE TABLE IF NOT EXISTS ${db}.${t}_local${onCluster(ctx)} (${columns}) ENGINE = ${engine} ${tail}`,
    ]),
    chsql([
      `CREATE TABLE IF NOT EXISTS ${db}.${t}${onCluster(ctx)} AS ${db}.${t}_local ENGINE = Distributed(${safe(ctx.cluster)}, ${db}, ${t}_local, ${shardKey})`,
    ]),
  ];
}
