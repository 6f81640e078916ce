import type { IngestKeyRecord } from "../../../db/store/types";
import { requirePermission, type TenantCtx } from "../context";

/** The tenant's ingest keys (never their secrets), revoked ones included. */
export async function listKeys({ ctx }: { ctx: TenantCtx; input?: unknown }) {
  requirePermission(ctx, "keys:read");
  return ctx.store.admin.listIngestKeys(ctx.tenant.id);
}

/** The CLI's shape of a key list (snake_case, ISO times), as `tooltrail keys list` prints it. */
export function keysAsJson(rows: IngestKeyRecord[]) {
  return rows.map((k) => ({
    id: k.id,
    name: k.name,
    servers: k.servers,
    rate_per_second: k.ratePerSecond,
    burst: k.burst,
    created_at: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    revoked_at: k.revokedAt?.toISOString() ?? null,
  }));
}
