import { join } from "node:path";
import type { Config } from "../../lib/core/config";
import type { SqlStore } from "./sql/sql-store";
import type { Store } from "./types";

/**
 * Opens the configured backend. The SQL store (PostgreSQL with DATABASE_URL, else embedded PGlite)
 * always holds tenants, keys and users; with CLICKHOUSE_URL, events go to ClickHouse. The caller
 * must hold the data-dir lock whenever PGlite is involved.
 */
export async function openStore(config: Config): Promise<Store> {
  const control = await openControlStore(config);
  if (!config.CLICKHOUSE_URL) return control;
  const { openClickHouseStore } = await import("./clickhouse/open");
  try {
    return await openClickHouseStore(
      {
        url: config.CLICKHOUSE_URL,
        database: config.CLICKHOUSE_DATABASE,
        cluster: config.CLICKHOUSE_CLUSTER ?? null,
      },
      control,
    );
  } catch (err) {
    await control.close();
    throw err;
  }
}

async function openControlStore(config: Config): Promise<SqlStore> {
  if (config.DATABASE_URL) {
    const { openPostgresStore } = await import("./postgres");
    return openPostgresStore(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  }
  const { openPgliteStore } = await import("./pglite");
  return openPgliteStore(join(config.dataDir, "pglite"));
}
