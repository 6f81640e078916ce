import { createHash } from "node:crypto";
import type { IngestKeyRecord, Store, TenantStore } from "../../../db/store/types";
import { TooltrailError } from "../../core/errors";
import { canonicalJson } from "../../core/integrity/canonical";

/**
 * What Guard's own calls run with: the ingest key that authenticated them (the same key Guard
 * ships its events with). The key's tenant is the only one reachable, and a key limited to some
 * servers may speak only for those, as when it ships events.
 */
export type GuardCtx = { store: Store; key: IngestKeyRecord; now(): Date };

export function guardTenant(ctx: GuardCtx, server: string): TenantStore {
  if (ctx.key.servers && !ctx.key.servers.includes(server))
    throw new TooltrailError(
      "forbidden",
      `ingest key ${ctx.key.id} may not report for server ${server}; allowed: ${ctx.key.servers.join(", ")}`,
    );
  return ctx.store.forTenant(ctx.key.tenantId);
}

/** sha256 hex of a policy's RFC 8785 canonical JSON: Guard computes it the same way. */
export function policyHash(document: unknown): string {
  return createHash("sha256").update(canonicalJson(document)).digest("hex");
}
