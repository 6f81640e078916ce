import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

/**
 * The demo's ingest keys, by tenant, with their tokens: `DATA_DIR/demo-keys.json`, mode 0600
 * beside the data directory's other secrets. The store keeps only a key's hash, so a demo that
 * did not keep its token could not reuse its key and would create one per run.
 */
const FILE = "demo-keys.json";

const keptKeys = z.record(z.string(), z.object({ id: z.string(), token: z.string() }));
export type DemoKey = { id: string; token: string };

function read(dataDir: string): Record<string, DemoKey> {
  let text: string;
  try {
    text = readFileSync(join(dataDir, FILE), "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw err;
  }
  // A file that is not ours any more (edited, truncated) only costs a new key.
  try {
    const parsed = keptKeys.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function keptDemoKey(dataDir: string, tenant: string): DemoKey | null {
  return read(dataDir)[tenant] ?? null;
}

/** Keeps a new demo key's token, replacing the file whole (never a half-written one). */
export function keepDemoKey(dataDir: string, tenant: string, key: DemoKey): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keys = { ...read(dataDir), [tenant]: key };
  const tmp = join(dataDir, `${FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, join(dataDir, FILE));
}
