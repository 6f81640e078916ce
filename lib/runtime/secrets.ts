import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads a secret kept in the data directory, creating it (mode 0600, exclusive create so two
 * processes cannot each write their own) on first use.
 */
export function loadOrCreateSecretFile(dataDir: string, name: string, bytes = 32): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, name);
  try {
    writeFileSync(path, randomBytes(bytes).toString("base64url"), { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return Buffer.from(readFileSync(path, "utf8").trim(), "base64url");
}

/** The master secret from which per-tenant keys (e.g. the arguments HMAC) are derived. */
export function masterSecret(dataDir: string, fromEnv: string | undefined): Buffer {
  return fromEnv ? Buffer.from(fromEnv, "utf8") : loadOrCreateSecretFile(dataDir, "secret");
}

/** A stable writer id per data directory unless WRITER_ID names one. */
export function writerId(dataDir: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  return `w-${loadOrCreateSecretFile(dataDir, "writer-id", 6).toString("hex")}`;
}
