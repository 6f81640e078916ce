import { and, asc, eq, gt } from "drizzle-orm";
import { TooltrailError } from "../../../lib/core/errors";
import { flagSuppressions, flags, incidents } from "../../schema";
import type { IncidentRecord, SuppressionRecord } from "../detection-types";
import type { Db } from "./database";
import { anyOf, scrub, toIncident, toSuppression } from "./detection-rows";

/** Suppressions and incidents of one tenant: every condition starts with the tenant. */

export async function listSuppressions(db: Db, tenantId: string, now: Date) {
  const s = flagSuppressions;
  const rows = await db
    .select()
    .from(s)
    .where(and(eq(s.tenantId, tenantId), gt(s.until, now)))
    .orderBy(asc(s.until), asc(s.id));
  return rows.map(toSuppression);
}

export async function addSuppression(db: Db, tenantId: string, suppression: SuppressionRecord) {
  const s = scrub(suppression);
  const { id: _, ...fields } = s;
  await db
    .insert(flagSuppressions)
    .values({ ...s, tenantId })
    .onConflictDoUpdate({ target: [flagSuppressions.tenantId, flagSuppressions.id], set: fields });
}

export async function removeSuppression(db: Db, tenantId: string, id: string) {
  const s = flagSuppressions;
  const gone = await db
    .delete(s)
    .where(and(eq(s.tenantId, tenantId), eq(s.id, scrub(id))))
    .returning({ id: s.id });
  return gone.length > 0;
}

/** The incident and its flags' link in one transaction; another tenant's flag ids match nothing. */
export async function createIncident(
  db: Db,
  tenantId: string,
  i: IncidentRecord,
  flagIds: readonly string[],
) {
  const row = { ...scrub(i), tenantId };
  await db.transaction(async (tx) => {
    await tx.insert(incidents).values(row);
    await linkTo(tx, tenantId, row.id, flagIds);
  });
}

export async function getIncident(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), eq(incidents.id, scrub(id))));
  return row ? toIncident(row) : null;
}

export async function listIncidents(db: Db, tenantId: string) {
  const rows = await db
    .select()
    .from(incidents)
    .where(eq(incidents.tenantId, tenantId))
    .orderBy(asc(incidents.createdAt), asc(incidents.id));
  return rows.map(toIncident);
}

export async function updateIncident(
  db: Db,
  tenantId: string,
  id: string,
  patch: Partial<IncidentRecord>,
) {
  const { id: _, ...set } = scrub(patch);
  if (Object.keys(set).length === 0) return getIncident(db, tenantId, id);
  const [row] = await db
    .update(incidents)
    .set(set)
    .where(and(eq(incidents.tenantId, tenantId), eq(incidents.id, scrub(id))))
    .returning();
  return row ? toIncident(row) : null;
}

/**
 * Not-found when the incident is not this tenant's (incidents are never deleted, so the check
 * holds for the update after it); flags of other tenants are simply not matched.
 */
export async function linkFlags(
  db: Db,
  tenantId: string,
  incidentId: string,
  flagIds: readonly string[],
) {
  if (!(await getIncident(db, tenantId, incidentId))) {
    throw new TooltrailError("not-found", `No incident "${incidentId}" in this organisation.`);
  }
  await linkTo(db, tenantId, scrub(incidentId), flagIds);
}

export async function flagsOfIncident(db: Db, tenantId: string, incidentId: string) {
  const rows = await db
    .select({ id: flags.id })
    .from(flags)
    .where(and(eq(flags.tenantId, tenantId), eq(flags.incidentId, scrub(incidentId))))
    .orderBy(asc(flags.id));
  return rows.map((r) => r.id);
}

async function linkTo(db: Db, tenantId: string, incidentId: string, flagIds: readonly string[]) {
  if (flagIds.length === 0) return;
  await db
    .update(flags)
    .set({ incidentId })
    .where(and(eq(flags.tenantId, tenantId), anyOf(flags.id, flagIds)));
}
