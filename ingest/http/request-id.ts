import { createHash, randomUUID } from "node:crypto";
import { problem } from "./problem";

/** What an `Idempotency-Key` may hold: 1-128 visible ASCII characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/**
 * The id a request's quarantined events are stored under (with their position in the body).
 * Quarantine is idempotent by (tenant, request id, position), so a client that sends the same
 * body again under the same `Idempotency-Key` (a retry after a lost answer, a re-run of the demo)
 * does not quarantine its rejected events twice. The id is derived from the ingest key too: two
 * sources of one tenant choosing the same idempotency key never drop each other's rows. Without
 * the header every request is new.
 */
export function requestIdFor(keyId: string, idempotencyKey: string | undefined): string {
  if (idempotencyKey === undefined) return randomUUID();
  if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw problem(
      400,
      "invalid-idempotency-key",
      "Invalid Idempotency-Key",
      "the Idempotency-Key header must be 1-128 visible ASCII characters (no spaces)",
    );
  }
  const digest = createHash("sha256").update(`${keyId}\n${idempotencyKey}`).digest("hex");
  return `idem-${digest.slice(0, 32)}`;
}
