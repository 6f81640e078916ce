import type { IncidentRecord } from "../../../db/store/detection-types";
import { audit, requirePermission, type TenantCtx } from "../context";
import { detection } from "./flag-common";
import { type IncidentClock, incidentClock } from "./incident-clock";

export type IncidentRow = IncidentRecord & { clock: IncidentClock };

/** The tenant's incidents, newest first, each with its 72-hour clock. Audited as `incidents.list`. */
export async function listIncidents({ ctx }: { ctx: TenantCtx }): Promise<IncidentRow[]> {
  requirePermission(ctx, "flags:read");
  const rows = await detection(ctx).listIncidents();
  await audit(ctx, { action: "incidents.list", details: { rows: rows.length } });
  const now = ctx.now();
  return rows
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((i) => ({ ...i, clock: incidentClock(i, now) }));
}
