import { z } from "zod";
import { generateIngestKey } from "../core/keys/ingest-key";
import { type AdminCtx, AdminError } from "./context";
import { requireTenant, tenantIdSchema } from "./tenants";

export const createKeyInput = z.object({
  tenant: tenantIdSchema,
  name: z.string().min(1).max(200).default("ingest"),
  servers: z.array(z.string().min(1).max(256)).max(100).optional(),
  ratePerSecond: z.number().int().min(1).max(10_000_000).optional(),
  burst: z.number().int().min(1).max(100_000_000).optional(),
});

/** Creates a key and returns its token: the only time the secret exists outside the client. */
export async function createKey({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof createKeyInput>;
}) {
  await requireTenant(ctx, input.tenant);
  const k = generateIngestKey();
  await ctx.store.admin.createIngestKey({
    id: k.id,
    tenantId: input.tenant,
    name: input.name,
    secretHash: k.secretHash,
    servers: input.servers && input.servers.length > 0 ? input.servers : null,
    ratePerSecond: input.ratePerSecond ?? null,
    burst: input.burst ?? null,
  });
  return {
    id: k.id,
    tenant: input.tenant,
    name: input.name,
    token: k.token,
    servers: input.servers ?? null,
  };
}

export const listKeysInput = z.object({ tenant: tenantIdSchema });

export async function listKeys({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof listKeysInput>;
}) {
  await requireTenant(ctx, input.tenant);
  const rows = await ctx.store.admin.listIngestKeys(input.tenant);
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

export const revokeKeyInput = z.object({ tenant: tenantIdSchema, id: z.string().min(1) });

export async function revokeKey({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof revokeKeyInput>;
}) {
  await requireTenant(ctx, input.tenant);
  const ok = await ctx.store.admin.revokeIngestKey(input.tenant, input.id);
  if (!ok) throw new AdminError(`no active key ${input.id} in tenant ${input.tenant}`);
  return { id: input.id, revoked: true };
}
