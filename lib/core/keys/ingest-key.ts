import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Ingest keys look like `tt_<id>_<secret>`: the id is the public handle shown in listings and
 * stored events; the 256-bit secret is shown once and stored only as its SHA-256 (a slow KDF
 * adds nothing for random secrets and would cost on every request).
 */
const PREFIX = "tt";
const ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

export type GeneratedKey = { id: string; token: string; secretHash: string };

export function generateIngestKey(): GeneratedKey {
  const bytes = randomBytes(12);
  const id = Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
  const secret = randomBytes(32).toString("base64url");
  return { id, token: `${PREFIX}_${id}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseIngestKey(token: string): { id: string; secret: string } | null {
  const m = /^tt_([a-z2-9]{12})_([A-Za-z0-9_-]{43})$/.exec(token);
  return m ? { id: m[1] as string, secret: m[2] as string } : null;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
