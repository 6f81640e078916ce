import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { MIGRATIONS_FOLDER } from "../migrations-path";
import * as schema from "../schema";
import type { Db } from "./sql/database";
import { SqlStore } from "./sql/sql-store";

/** PostgreSQL via node-postgres; `poolSize` bounds the connections one process opens. */
export async function openPostgresStore(url: string, poolSize = 10): Promise<SqlStore> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on("error", () => {});
  const db = drizzle({ client: pool, schema }) as unknown as Db;
  return new SqlStore("postgres", db, {
    migrate: async () => {
      await migrate(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
    },
    close: () => pool.end(),
  });
}
