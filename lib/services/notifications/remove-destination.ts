import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";

export const removeDestinationInput = z.object({ id: z.string().trim().min(1).max(100) });

/**
 * Removes a destination: its pending deliveries go with it (nothing would send them), while the
 * log of what was delivered or failed stays.
 */
export async function removeDestination({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof removeDestinationInput>;
}) {
  requirePermission(ctx, "detection:configure");
  const { id } = parseInput(removeDestinationInput, input);
  const store = ctx.data.detection;
  const existing = await store.getDestination(id);
  if (!existing || !(await store.removeDestination(id)))
    throw new TooltrailError("not-found", `no destination ${id} in this tenant`);
  await audit(ctx, {
    action: "notification.destination_removed",
    details: { destination_id: id, kind: existing.kind, name: existing.name },
  });
  return { id, removed: true };
}
