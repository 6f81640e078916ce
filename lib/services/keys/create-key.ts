import { z } from "zod";
import type { Store } from "../../../db/store/types";
import { generateIngestKey } from "../../core/keys/ingest-key";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";

export const createKeyInput = z.object({
  name: z.string().min(1).max(200).default("ingest"),
  servers: z.array(z.string().min(1).max(256)).max(100).optional(),
  ratePerSecond: z.number().int().min(1).max(10_000_000).optional(),
  burst: z.number().int().min(1).max(100_000_000).optional(),
});

/**
 * Creates an ingest key of the context's tenant and returns its token: the only time the secret
 * exists outside the client.
 */
export async function createKey({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof createKeyInput>;
}) {
  requirePermission(ctx, "keys:manage");
  const data = parseInput(createKeyInput, input);
  const k = await issueIngestKey(ctx.store, ctx.tenant.id, data);
  await audit(ctx, {
    action: "key.created",
    details: {
      key_id: k.id,
      name: k.name,
      servers: k.servers,
      rate: data.ratePerSecond ?? null,
      burst: data.burst ?? null,
    },
  });
  return k;
}

/**
 * The store's half of `createKey`, without permission or audit: for test harnesses that need a
 * key in a tenant whose stream they count.
 */
export async function issueIngestKey(
  store: Store,
  tenantId: string,
  input: z.input<typeof createKeyInput>,
) {
  const data = parseInput(createKeyInput, input);
  const k = generateIngestKey();
  await store.admin.createIngestKey({
    id: k.id,
    tenantId,
    name: data.name,
    secretHash: k.secretHash,
    servers: data.servers && data.servers.length > 0 ? data.servers : null,
    ratePerSecond: data.ratePerSecond ?? null,
    burst: data.burst ?? null,
  });
  return {
    id: k.id,
    tenant: tenantId,
    name: data.name,
    token: k.token,
    servers: data.servers ?? null,
  };
}
