import { z } from "zod";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { type DeliveryView, deliveryView } from "./destination-view";

export const listDeliveriesInput = z.object({
  destinationId: z.string().trim().min(1).max(100).nullable().default(null),
  limit: z.number().int().min(1).max(500).default(50),
});

/**
 * The delivery log, newest first: when, what, status, attempts and the receiver's last answer.
 * It says which flags were sent where, so it needs `flags:read` and is audited.
 */
export async function listDeliveries({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input?: z.input<typeof listDeliveriesInput>;
}): Promise<DeliveryView[]> {
  requirePermission(ctx, "flags:read");
  const q = parseInput(listDeliveriesInput, input ?? {});
  const rows = await ctx.data.detection.listDeliveries(q.destinationId, q.limit);
  await audit(ctx, {
    action: "notifications.list",
    details: { destination_id: q.destinationId, rows: rows.length },
  });
  return rows.map(deliveryView);
}
