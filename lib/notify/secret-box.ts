import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { TooltrailError } from "../core/errors";

/**
 * A webhook's signing secret must be usable for signing, and a Slack incoming-webhook URL (its own
 * credential) for posting, so neither can be hashed like an ingest key: each is encrypted at rest with AES-256-GCM under a per-tenant key derived from the
 * instance's master secret (lib/runtime/secrets.ts). The destination's id and tenant are the
 * associated data, so a ciphertext copied onto another row or tenant does not open.
 */
const VERSION = "v1";

/** The root of notification keys, derived once from the master secret (never the master itself). */
export function notifyRootKey(master: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", master, "tooltrail.notify.v1", "", 32));
}

function tenantKey(root: Buffer, tenantId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", root, "tooltrail.notify-secret.v1", tenantId, 32));
}

/**
 * Where a sealed value belongs: its tenant and destination, and what it is (a Slack URL is
 * sealed with its own purpose, so it never opens as a signing secret, nor the reverse).
 */
export type SealedWhere = { tenantId: string; destinationId: string; purpose?: "slack-url" };

const aad = (w: SealedWhere) =>
  Buffer.from(
    [w.tenantId, w.destinationId, ...(w.purpose ? [w.purpose] : [])].join("\u001f"),
    "utf8",
  );

export function sealSecret(root: Buffer, where: SealedWhere, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", tenantKey(root, where.tenantId), iv);
  cipher.setAAD(aad(where));
  const ct = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, ct, tag]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/**
 * Opens a sealed secret. A wrong key (the master secret changed, TOOLTRAIL_SECRET differs between
 * servers) or a tampered value fails the GCM tag: the message says what to do about it.
 */
export function openSecret(root: Buffer, where: SealedWhere, sealed: string): string {
  const [version, iv, ct, tag] = sealed.split(".");
  if (version !== VERSION || iv === undefined || ct === undefined || tag === undefined)
    throw new TooltrailError("config", `destination ${where.destinationId}: unreadable secret`);
  try {
    const decipher = createDecipheriv(
      "aes-256-gcm",
      tenantKey(root, where.tenantId),
      Buffer.from(iv, "base64url"),
    );
    decipher.setAAD(aad(where));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(ct, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    throw new TooltrailError(
      "config",
      `destination ${where.destinationId}: its ${where.purpose ? "Slack URL" : "signing secret"} does not decrypt with this instance's master secret (was TOOLTRAIL_SECRET or DATA_DIR/secret changed?); remove the destination and add it again`,
    );
  }
}
