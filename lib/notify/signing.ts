import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Webhook signatures, as Stripe makes them: HMAC-SHA256 with the destination's secret over
 * `${timestamp}.${body}`, sent as `Tooltrail-Signature: t=<unix seconds>,v1=<hex>`. The timestamp
 * is inside the MAC, so a receiver that refuses old timestamps refuses replays; the recipe for
 * receivers is in docs/notifications.md.
 */
export const SIGNATURE_HEADER = "Tooltrail-Signature";
/** How old a signed timestamp may be before a receiver should refuse it (and how far ahead). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = "whsec_";

/** A new signing secret: shown once at creation, kept encrypted (secret-box.ts). */
export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
}

function mac(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The header value for `body` signed at `timestamp` (unix seconds). */
export function signatureHeader(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${mac(secret, timestamp, body)}`;
}

export type Verification =
  | { ok: true; timestamp: number }
  | { ok: false; reason: "malformed" | "mismatch" | "too-old" | "in-future" };

/**
 * Checks a received header against the raw body: the MAC in constant time over any `v1`
 * entry (several during a secret's rotation), then the timestamp within `toleranceSeconds` of
 * `now` (unix seconds). The body must be the bytes received, not re-serialized JSON.
 */
export function verifySignature(args: {
  secret: string;
  body: string;
  header: string | null | undefined;
  now: number;
  toleranceSeconds?: number;
}): Verification {
  const tolerance = args.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const part of (args.header ?? "").split(",")) {
    const eq = part.indexOf("=");
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === "t" && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    else if (k === "v1" && /^[0-9a-f]{64}$/.test(v)) candidates.push(v);
  }
  if (timestamp === null || candidates.length === 0) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(mac(args.secret, timestamp, args.body), "hex");
  // Every candidate is compared, so the time taken does not say which one matched.
  let matched = false;
  for (const c of candidates) {
    if (timingSafeEqual(expected, Buffer.from(c, "hex"))) matched = true;
  }
  if (!matched) return { ok: false, reason: "mismatch" };
  if (args.now - timestamp > tolerance) return { ok: false, reason: "too-old" };
  if (timestamp - args.now > tolerance) return { ok: false, reason: "in-future" };
  return { ok: true, timestamp };
}
