import { requirePermission, type TenantCtx } from "../context";
import { type DestinationView, destinationView } from "./destination-view";

/**
 * The tenant's destinations, URLs masked and secrets never: for those who configure them and for
 * those who read flags (the delivery log names them).
 */
export async function listDestinations({
  ctx,
}: {
  ctx: TenantCtx;
  input?: unknown;
}): Promise<DestinationView[]> {
  if (!ctx.can("flags:read")) requirePermission(ctx, "detection:configure");
  return (await ctx.data.detection.listDestinations()).map(destinationView);
}
