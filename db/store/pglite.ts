import { mkdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import { MIGRATIONS_FOLDER } from "../migrations-path";
import * as schema from "../schema";
import type { Db } from "./sql/database";
import { SqlStore } from "./sql/sql-store";

/**
 * The embedded default. PGlite is single-process: callers must hold the data directory's lock
 * (lib/runtime/data-dir-lock) before opening it, or pass no directory for an in-memory store.
 */
export async function openPgliteStore(dataDir: string | undefined): Promise<SqlStore> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir ? { dataDir } : {});
  const db = drizzle({ client, schema }) as unknown as Db;
  return new SqlStore("pglite", db, {
    migrate: async () => {
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => client.close(),
  });
}
