import { z } from "zod";
import type { Store } from "../../../db/store/types";
import { AdminError } from "../admin-error";
import type { ServiceCtx } from "../context";
import { tenantIdSchema } from "./tenant-id";

export const createTenantInput = z.object({
  id: tenantIdSchema,
  name: z.string().min(1).max(200).optional(),
});

/**
 * A new, empty tenant (organisation). Its stream starts with `tenant.created`: who created it
 * (the operator at the CLI) is the first evidence it holds.
 */
export async function createTenant({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: z.input<typeof createTenantInput>;
}) {
  const t = await insertTenant(ctx.store, input);
  await ctx.audit(t.id, ctx.actor, {
    action: "tenant.created",
    details: { tenant: t.id, name: t.name },
  });
  return t;
}

/**
 * The store's half of `createTenant`, without audit: for first-run setup (which records its own
 * `setup.owner_created`) and test harnesses.
 */
export async function insertTenant(store: Store, input: z.input<typeof createTenantInput>) {
  const data = createTenantInput.parse(input);
  if (await store.admin.getTenant(data.id))
    throw new AdminError(`tenant ${data.id} already exists`);
  const t = await store.admin.createTenant({ id: data.id, name: data.name ?? data.id });
  return { id: t.id, name: t.name, created_at: t.createdAt.toISOString() };
}
