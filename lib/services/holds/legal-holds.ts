import type { z } from "zod";
import {
  addHold,
  type addHoldInput,
  listHolds,
  releaseHold,
  type releaseHoldInput,
} from "../../retention/holds";
import { audit, type TenantCtx } from "../context";

/**
 * Legal holds as services of the context's tenant: retention removes nothing in a held period
 * until the hold is released. Placing and releasing one changes what evidence survives, so each
 * is audited in the tenant's stream (`hold.placed`, `hold.released`). Operator-only today: no
 * dashboard role has a permission for holds, so there is no permission to check beyond the
 * operator context's.
 */
export async function placeHold({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: Omit<z.infer<typeof addHoldInput>, "tenant">;
}) {
  const hold = await addHold({ ctx, input: { ...input, tenant: ctx.tenant.id } });
  await audit(ctx, { action: "hold.placed", details: hold });
  return hold;
}

export async function releaseLegalHold({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: Omit<z.infer<typeof releaseHoldInput>, "tenant">;
}) {
  const out = await releaseHold({ ctx, input: { ...input, tenant: ctx.tenant.id } });
  await audit(ctx, { action: "hold.released", details: { id: input.id, by: input.by } });
  return out;
}

export function listLegalHolds({ ctx }: { ctx: TenantCtx; input?: unknown }) {
  return listHolds({ ctx, input: { tenant: ctx.tenant.id } });
}
