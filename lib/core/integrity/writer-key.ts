import { createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateWriterKey, keyIdOf } from "./signing";

export type WriterKey = { keyId: string; privateKey: KeyObject; publicKeyPem: string };

/**
 * The writer's signing key lives in `dir/writer-<id>.key` (0600). Exclusive create means two
 * processes starting together end up with the same key instead of each writing its own.
 */
export function loadOrCreateWriterKey(dir: string, writerId: string): WriterKey {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `writer-${writerId}.key`);
  try {
    writeFileSync(path, generateWriterKey().privateKeyPem, { flag: "wx", mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  const privateKey = createPrivateKey(readFileSync(path, "utf8"));
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    privateKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}
