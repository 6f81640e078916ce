import { join } from "node:path";
import type { Config } from "../../lib/config";
import type { Store } from "./types";

/** Opens the configured backend. The caller must hold the data-dir lock for the embedded store. */
export async function openStore(config: Config): Promise<Store> {
  if (config.DATABASE_URL) {
    const { openPostgresStore } = await import("./postgres");
    return openPostgresStore(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  }
  const { openPgliteStore } = await import("./pglite");
  return openPgliteStore(join(config.dataDir, "pglite"));
}
