import { z } from "zod";
import type { IncidentRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { detection, note, requireIncident } from "./flag-common";

export const closeIncidentInput = z.object({
  id: z.string().trim().min(1).max(200),
  note: note("a closing note"),
});

/** Closes an incident with a note saying how it ended. Audited as `incident.closed`. */
export async function closeIncident({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof closeIncidentInput>;
}): Promise<IncidentRecord> {
  requirePermission(ctx, "flags:triage");
  const { id, note: text } = parseInput(closeIncidentInput, input);
  const incident = await requireIncident(ctx, id);
  if (incident.status === "closed")
    throw new TooltrailError("conflict", `incident ${id} is already closed`);
  const now = ctx.now();
  const merged = incident.note ? `${incident.note}\n\nClosed: ${text}` : `Closed: ${text}`;
  const out = await detection(ctx).updateIncident(id, {
    status: "closed",
    closedAt: now,
    note: merged.slice(0, 8000),
  });
  if (!out) throw new TooltrailError("not-found", `no incident ${id} in tenant ${ctx.tenant.id}`);
  await audit(ctx, { action: "incident.closed", details: { incident_id: id, note: text } });
  return out;
}
