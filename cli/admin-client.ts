import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openStore } from "../db/store/open-store";
import { AdminError } from "../lib/admin/context";
import { type OperationName, runOperation } from "../lib/admin/operations";
import type { Config } from "../lib/core/config";
import { acquireLock, DataDirBusyError, readLock } from "../lib/runtime/data-dir-lock";
import { CliError } from "./errors";

/**
 * Runs an administrative operation where the data is: directly on PostgreSQL, directly on PGlite
 * when no server holds it, or through the running embedded server, which owns PGlite then.
 */
export async function runAdmin(
  config: Config,
  op: OperationName,
  input: unknown,
): Promise<unknown> {
  if (config.store === "pglite") {
    const holder = readLock(config.dataDir);
    if (holder) return viaServer(config, holder.adminUrl, op, input);
  }
  return withStore(config, (store) =>
    runOperation({ store, keysDir: join(config.dataDir, "keys") }, op, input),
  );
}

export async function withStore<T>(
  config: Config,
  fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>,
): Promise<T> {
  let lock: ReturnType<typeof acquireLock> | null = null;
  if (config.store === "pglite") {
    try {
      lock = acquireLock(config.dataDir, {});
    } catch (err) {
      if (err instanceof DataDirBusyError) {
        throw new CliError(
          `the data directory ${config.dataDir} is in use by process ${err.holder.pid}; stop it or wait until it is serving, then retry`,
          4,
        );
      }
      throw err;
    }
  }
  const store = await openStore(config);
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
    lock?.release();
  }
}

async function viaServer(
  config: Config,
  adminUrl: string | undefined,
  op: OperationName,
  input: unknown,
) {
  if (!adminUrl) {
    throw new CliError(
      "the Tooltrail server holding the data directory is still starting; retry in a few seconds",
      4,
    );
  }
  const token = readFileSync(join(config.dataDir, "admin.token"), "utf8").trim();
  let res: Response;
  try {
    res = await fetch(adminUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ op, input }),
    });
  } catch (err) {
    throw new CliError(
      `the Tooltrail server at ${adminUrl} holds the data directory but did not answer (${(err as Error).message})`,
      4,
    );
  }
  const body = (await res.json().catch(() => ({}))) as { result?: unknown; error?: string };
  if (res.status === 400) throw new AdminError(body.error ?? "invalid request");
  if (!res.ok)
    throw new CliError(`the server refused the operation: ${body.error ?? res.status}`, 1);
  return body.result;
}
