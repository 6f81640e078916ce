import { z } from "zod";
import type { Revocation } from "../../../db/store/types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { guardAccess, name } from "./revocation-common";

export const listRevocationsInput = z.object({ campaignId: name("campaignId", 128) });

/** A campaign's revocations with their enforcement state and proof. Audited as `revocations.list`. */
export async function listRevocations({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof listRevocationsInput>;
}): Promise<Revocation[]> {
  requirePermission(ctx, "reviews:read");
  const { campaignId } = parseInput(listRevocationsInput, input);
  const out = await guardAccess(ctx).listRevocations({ campaignId });
  await audit(ctx, {
    action: "revocations.list",
    details: { campaign_id: campaignId, count: out.length },
  });
  return out;
}
