import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { MIGRATIONS_FOLDER } from "../migrations-path";
import * as schema from "../schema";
import { AutoVacuum } from "./pglite-autovacuum";
import type { Db } from "./sql/database";
import { SqlStore } from "./sql/sql-store";

/**
 * The embedded default. PGlite is single-process: callers must hold the data directory's lock
 * (lib/runtime/data-dir-lock) before opening it, or pass no directory for an in-memory store.
 */
export async function openPgliteStore(dataDir: string | undefined): Promise<SqlStore> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? { dataDir } : {});
  // Pages are in memory or the OS cache: a random read costs about what a sequential one does,
  // and with PostgreSQL's default (4x) the planner scanned whole tables where ranges were read.
  await client.exec("SET random_page_cost = 1.1");
  const db = drizzle({ client, schema }) as unknown as Db;
  const estimatedEvents = async () => {
    const { rows } = await client.query<{ n: number }>(
      "SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'events'::regclass",
    );
    return rows[0]?.n ?? -1;
  };
  const stats = new AutoVacuum({
    analyze: async () => {
      await client.exec("VACUUM ANALYZE");
      return estimatedEvents();
    },
    onError: (err) =>
      console.error("tooltrail: VACUUM ANALYZE of the embedded database failed", err),
  });
  return new SqlStore("pglite", db, {
    migrate: async () => {
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
      await stats.start(await estimatedEvents());
    },
    written: (rows) => stats.noteWritten(rows),
    close: async () => {
      await stats.idle();
      await client.close();
    },
  });
}
