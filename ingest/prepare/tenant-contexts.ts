import { hkdfSync } from "node:crypto";
import type { Store } from "../../db/store/types";
import { compileRedactionPolicy, storedRedactionConfigSchema } from "../../lib/core/redact";
import type { TenantContext } from "./prepare";

/**
 * Resolves and caches each tenant's redaction policy and HMAC key. Compiling a policy costs
 * regex construction, so it happens once per tenant per `ttlMs`, never per event.
 */
export class TenantContexts {
  private readonly cache = new Map<string, { ctx: TenantContext; until: number }>();

  constructor(
    private readonly store: Store,
    private readonly masterSecret: Buffer,
    private readonly ttlMs = 10_000,
  ) {}

  async get(tenantId: string): Promise<TenantContext> {
    const hit = this.cache.get(tenantId);
    if (hit && hit.until > Date.now()) return hit.ctx;
    const tenant = await this.store.admin.getTenant(tenantId);
    if (!tenant) throw new Error(`tenant ${tenantId} of an active ingest key does not exist`);
    const config = storedRedactionConfigSchema.safeParse(tenant.redaction ?? {});
    // A stored config that no longer validates must not switch redaction off: use the defaults.
    const redactionConfig = config.success ? config.data : {};
    const ctx: TenantContext = {
      tenantId,
      redaction: compileRedactionPolicy(redactionConfig),
      redactionConfig,
      hmacKey: argsHmacKey(this.masterSecret, tenantId),
    };
    this.cache.set(tenantId, { ctx, until: Date.now() + this.ttlMs });
    return ctx;
  }
}

export function argsHmacKey(masterSecret: Buffer, tenantId: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterSecret, "tooltrail.args-hmac.v1", tenantId, 32));
}
