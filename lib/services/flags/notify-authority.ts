import { z } from "zod";
import type { IncidentRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { detection, requireIncident } from "./flag-common";

export const notifyAuthorityInput = z.object({
  id: z.string().trim().min(1).max(200),
  /** When the supervisory authority was told (default now); never in the future. */
  at: z.coerce.date().optional(),
});

/** Records that the supervisory authority was notified; stops the clock. Audited. */
export async function markAuthorityNotified({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof notifyAuthorityInput>;
}): Promise<IncidentRecord> {
  requirePermission(ctx, "flags:triage");
  const { id, at } = parseInput(notifyAuthorityInput, input);
  const now = ctx.now();
  const incident = await requireIncident(ctx, id);
  if (incident.notifiedAuthorityAt)
    throw new TooltrailError(
      "conflict",
      `the authority was already recorded as notified at ${incident.notifiedAuthorityAt.toISOString()}`,
    );
  const when = at ?? now;
  if (when.getTime() > now.getTime())
    throw new TooltrailError("invalid-input", "at: the notification cannot be in the future");
  if (when.getTime() < incident.awareAt.getTime())
    throw new TooltrailError("invalid-input", "at: the notification cannot precede awareness");
  const out = await detection(ctx).updateIncident(id, { notifiedAuthorityAt: when });
  if (!out) throw new TooltrailError("not-found", `no incident ${id} in tenant ${ctx.tenant.id}`);
  await audit(ctx, {
    action: "incident.authority_notified",
    details: { incident_id: id, at: when.toISOString() },
  });
  return out;
}
