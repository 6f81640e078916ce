import { z } from "zod";
import type { FlagRecord } from "../../../db/store/detection-types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { detection, requireIncident } from "./flag-common";
import { incidentClock } from "./incident-clock";
import type { IncidentRow } from "./list-incidents";

export const getIncidentInput = z.object({ id: z.string().trim().min(1).max(200) });

/** One incident with its clock and linked flags. Audited as `incident.open`. */
export async function getIncident({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof getIncidentInput>;
}): Promise<{ incident: IncidentRow; flags: FlagRecord[] }> {
  requirePermission(ctx, "flags:read");
  const { id } = parseInput(getIncidentInput, input);
  const store = detection(ctx);
  const incident = await requireIncident(ctx, id);
  const flags: FlagRecord[] = [];
  for (const fid of (await store.flagsOfIncident(id)).slice(0, 500)) {
    const f = await store.getFlag(fid);
    if (f) flags.push(f);
  }
  await audit(ctx, { action: "incident.open", details: { incident_id: id } });
  return { incident: { ...incident, clock: incidentClock(incident, ctx.now()) }, flags };
}
