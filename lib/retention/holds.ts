import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { LegalHold } from "../../db/store/types";
import { type AdminCtx, AdminError } from "../services/admin-error";
import { requireTenant, tenantIdSchema } from "../services/tenants/tenant-id";

const by = z.string().min(1).max(200);

export const addHoldInput = z
  .object({
    tenant: tenantIdSchema,
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    reason: z.string().min(1).max(2000),
    by,
  })
  .refine((h) => !h.from || !h.to || Date.parse(h.from) <= Date.parse(h.to), {
    message: "the hold's start must not be after its end",
    path: ["to"],
  });

export const listHoldsInput = z.object({ tenant: tenantIdSchema });
export const releaseHoldInput = z.object({ tenant: tenantIdSchema, id: z.string().min(1), by });

function show(h: LegalHold) {
  return {
    id: h.id,
    from: h.from?.toISOString() ?? null,
    to: h.to?.toISOString() ?? null,
    reason: h.reason,
    created_by: h.createdBy,
    created_at: h.createdAt.toISOString(),
    released_at: h.releasedAt?.toISOString() ?? null,
    released_by: h.releasedBy,
  };
}

/** A hold on a period of a tenant's events: retention removes nothing in it until released. */
export async function addHold({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof addHoldInput>;
}) {
  await requireTenant(ctx, input.tenant);
  const hold = await ctx.store.forTenant(input.tenant).retention.addHold({
    id: `hold_${randomUUID()}`,
    from: input.from ? new Date(input.from) : null,
    to: input.to ? new Date(input.to) : null,
    reason: input.reason,
    createdBy: input.by,
  });
  return show(hold);
}

export async function listHolds({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof listHoldsInput>;
}) {
  await requireTenant(ctx, input.tenant);
  return (await ctx.store.forTenant(input.tenant).retention.listHolds()).map(show);
}

export async function releaseHold({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof releaseHoldInput>;
}) {
  await requireTenant(ctx, input.tenant);
  if (!(await ctx.store.forTenant(input.tenant).retention.releaseHold(input.id, input.by)))
    throw new AdminError(`no active hold ${input.id} on tenant ${input.tenant}`);
  return { id: input.id, released: true };
}
