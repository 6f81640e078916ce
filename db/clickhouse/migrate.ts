import { z } from "zod";
import { chsql } from "./binder";
import type { ClickHouse } from "./client";
import { MIGRATIONS } from "./migrations";
import { type Migration, type MigrationContext, onCluster } from "./migrations/context";

/**
 * Applies pending migrations and records each in `tooltrail_migrations`. Statements use
 * IF NOT EXISTS, so a migration interrupted half-way is simply applied again.
 */
export async function migrateClickHouse(
  ch: ClickHouse,
  opts: {
    database: string;
    cluster: string | null;
    /** All of them unless given (tests start from an older schema). */
    migrations?: readonly Migration[];
  },
): Promise<number[]> {
  const ctx: MigrationContext = {
    database: opts.database,
    cluster: opts.cluster,
    features: ch.features,
  };
  const db = opts.database;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(db)) throw new Error(`not a safe database name: ${db}`);
  await ch.command(chsql([`CREATE DATABASE IF NOT EXISTS ${db}${onCluster(ctx)}`]));
  const engine = opts.cluster
    ? `ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/${db}/tooltrail_migrations', '{replica}')`
    : "ReplacingMergeTree()";
  await ch.command(
    chsql([
      `CREATE TABLE IF NOT EXISTS ${db}.tooltrail_migrations${onCluster(ctx)} (version UInt32, name String, applied_at DateTime) ENGINE = ${engine} ORDER BY version`,
    ]),
  );
  const done = new Set(
    (
      await ch.query(
        chsql([`SELECT version FROM ${db}.tooltrail_migrations FINAL`]),
        z.object({ version: z.coerce.number() }),
      )
    ).map((r) => r.version),
  );
  const applied: number[] = [];
  for (const m of opts.migrations ?? MIGRATIONS) {
    if (done.has(m.version)) continue;
    for (const statement of m.statements(ctx)) await ch.command(statement);
    await ch.command(
      chsql(
        [
          `INSERT INTO ${db}.tooltrail_migrations (version, name, applied_at) VALUES (`,
          ", ",
          ", now())",
        ],
        m.version,
        m.name,
      ),
    );
    applied.push(m.version);
  }
  return applied;
}
