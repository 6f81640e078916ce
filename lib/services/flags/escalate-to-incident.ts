import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { FlagRecord, IncidentRecord } from "../../../db/store/detection-types";
import { TooltrailError } from "../../core/errors";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { actorRef, detection, flagId, requireFlag, severityRank } from "./flag-common";

export const escalateInput = z.object({
  flagIds: z.array(flagId).min(1, "flagIds: choose at least one flag").max(100),
  /** Link to this existing incident instead of opening a new one. */
  incidentId: z.string().trim().min(1).max(200).optional(),
  title: z.string().trim().min(1).max(200).optional(),
  /** When the organisation became aware (default now); never in the future. */
  awareAt: z.coerce.date().optional(),
  note: z.string().trim().max(4000).default(""),
});

/**
 * Escalates flags to an incident: a new one (detected when its earliest flag was first seen,
 * aware now or when given, as severe as its most severe flag), or an existing open one. Each flag
 * records the link in its history; audited as `incident.created` (new) and `flag.escalated`.
 */
export async function escalateToIncident({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof escalateInput>;
}): Promise<IncidentRecord> {
  requirePermission(ctx, "flags:triage");
  const q = parseInput(escalateInput, input);
  const ids = [...new Set(q.flagIds)];
  const flags: FlagRecord[] = [];
  for (const id of ids) flags.push(await requireFlag(ctx, id));
  const now = ctx.now();
  const store = detection(ctx);

  let incident: IncidentRecord;
  if (q.incidentId) {
    const found = await store.getIncident(q.incidentId);
    if (!found)
      throw new TooltrailError(
        "not-found",
        `no incident ${q.incidentId} in tenant ${ctx.tenant.id}`,
      );
    if (found.status === "closed")
      throw new TooltrailError(
        "conflict",
        `incident ${found.id} is closed; open a new incident instead`,
      );
    await store.linkFlags(found.id, ids);
    incident = found;
  } else {
    if (q.awareAt && q.awareAt.getTime() > now.getTime())
      throw new TooltrailError("invalid-input", "awareAt: awareness cannot be in the future");
    const first = flags.reduce((a, f) => (f.firstSeen < a.firstSeen ? f : a));
    const worst = flags.reduce((a, f) =>
      severityRank(f.severity) > severityRank(a.severity) ? f : a,
    );
    incident = {
      id: randomUUID(),
      title: q.title ?? `${first.rule} on ${first.subjectLabel}`,
      severity: worst.severity,
      status: "open",
      detectedAt: first.firstSeen,
      awareAt: q.awareAt ?? now,
      notifiedAuthorityAt: null,
      note: q.note,
      createdBy: actorRef(ctx),
      createdAt: now,
      closedAt: null,
    };
    await store.createIncident(incident, ids);
    await audit(ctx, {
      action: "incident.created",
      details: {
        incident_id: incident.id,
        title: incident.title,
        severity: incident.severity,
        detected_at: incident.detectedAt.toISOString(),
        aware_at: incident.awareAt.toISOString(),
        flag_ids: ids,
      },
    });
  }
  for (const f of flags)
    await store.updateFlag(
      f.id,
      { incidentId: incident.id },
      {
        flagId: f.id,
        at: now,
        by: actorRef(ctx),
        action: "escalated",
        details: { incident_id: incident.id },
      },
    );
  await audit(ctx, {
    action: "flag.escalated",
    details: { incident_id: incident.id, flag_ids: ids },
  });
  return incident;
}
