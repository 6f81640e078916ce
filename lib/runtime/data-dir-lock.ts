import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TooltrailError } from "../core/errors";

/**
 * PGlite is single-process: exactly one process may open the data directory. The holder writes
 * `server.lock` (exclusive create) with its pid and, when it serves, where the CLI can reach it.
 * A lock whose pid is gone (e.g. after SIGKILL) is stale and taken over.
 */
export type LockInfo = { pid: number; startedAt: string; adminUrl?: string };

export class DataDirBusyError extends TooltrailError {
  constructor(readonly holder: LockInfo) {
    super("unavailable", `the data directory is in use by process ${holder.pid}`);
  }
}

export function lockPath(dataDir: string): string {
  return join(dataDir, "server.lock");
}

export function readLock(dataDir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as LockInfo;
    return isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export function acquireLock(dataDir: string, info: Omit<LockInfo, "pid" | "startedAt">) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = lockPath(dataDir);
  const mine: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), ...info };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(mine), { flag: "wx", mode: 0o600 });
      return {
        update(extra: Partial<LockInfo>) {
          Object.assign(mine, extra);
          writeFileSync(path, JSON.stringify(mine), { mode: 0o600 });
        },
        release() {
          const current = readLockRaw(path);
          if (current?.pid === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const holder = readLockRaw(path);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid))
        throw new DataDirBusyError(holder);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not take ${path}`);
}

function readLockRaw(path: string): LockInfo | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockInfo;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
