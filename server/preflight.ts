import { createServer } from "node:net";
import type { Config } from "../lib/core/config";
import { TooltrailError } from "../lib/core/errors";
import { readLock } from "../lib/runtime/data-dir-lock";

/**
 * What would stop a server from starting, checked before anything is built, opened or changed:
 * `npm start` runs it before `next build`, which would otherwise rebuild `.next` under a server
 * that is serving it (its script chunks then answer 500).
 */
export async function preflight(config: Config): Promise<void> {
  if (config.store === "pglite") {
    const holder = readLock(config.dataDir);
    if (holder) throw dataDirBusy(config.dataDir, holder.pid);
  }
  await assertPortFree(config.PORT, config.HOST);
}

export function dataDirBusy(dataDir: string, pid: number): TooltrailError {
  return new TooltrailError(
    "unavailable",
    `another Tooltrail process (pid ${pid}) is using ${dataDir}; stop it, or set DATA_DIR to another directory`,
  );
}

/** The listen failure a person can act on, naming the variable that sets the port. */
export function listenFailure(err: unknown, port: number, variable = "PORT"): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE")
    return new TooltrailError(
      "unavailable",
      `port ${port} is in use: set ${variable} to a free port, or stop the program listening on it`,
    );
  if (code === "EACCES")
    return new TooltrailError(
      "unavailable",
      `port ${port} needs privileges this user lacks: set ${variable} to 1024 or above`,
    );
  return err;
}

/** Binds the port and lets it go at once. Port 0 asks the kernel for a free one: nothing to check. */
export function assertPortFree(port: number, host: string, variable = "PORT"): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (err) => reject(listenFailure(err, port, variable)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
