import type { IngestKeyRecord, Store } from "../../db/store/types";
import { parseIngestKey, secretMatches } from "../../lib/core/keys/ingest-key";
import { problem } from "./problem";

/**
 * Authenticates `Authorization: Bearer <key>`. Lookups are cached for `ttlMs`, so a revocation
 * takes effect within that time on every ingest server (README: "Ingest keys").
 */
export class KeyAuthenticator {
  private readonly cache = new Map<string, { key: IngestKeyRecord | null; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly ttlMs = 5_000,
  ) {}

  async authenticate(authorization: string | undefined): Promise<IngestKeyRecord> {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token) {
      throw unauthorized(
        "send the ingest key as `Authorization: Bearer tt_…`",
        'Bearer realm="tooltrail"',
      );
    }
    const parsed = parseIngestKey(token);
    if (!parsed) throw unauthorized("the bearer token is not a Tooltrail ingest key");
    const key = await this.lookup(parsed.id);
    if (!key || !secretMatches(parsed.secret, key.secretHash)) {
      throw unauthorized("unknown ingest key");
    }
    if (key.revokedAt) throw unauthorized(`ingest key ${key.id} was revoked`);
    return key;
  }

  private async lookup(id: string): Promise<IngestKeyRecord | null> {
    const now = Date.now();
    const hit = this.cache.get(id);
    if (hit && hit.until > now) return hit.key;
    const key = await this.store.admin.findIngestKey(id);
    // Unknown ids are cached briefly too, so a flood of made-up keys cannot hammer the store.
    this.cache.set(id, { key, until: now + (key ? this.ttlMs : 1_000) });
    if (this.cache.size > 10_000) this.cache.clear();
    return key;
  }
}

function unauthorized(
  detail: string,
  challenge = 'Bearer realm="tooltrail", error="invalid_token"',
) {
  return problem(
    401,
    "unauthorized",
    "Unauthorized",
    detail,
    {},
    { "www-authenticate": challenge },
  );
}
