import { and, asc, eq, gt, gte, inArray, lt } from "drizzle-orm";
import { TooltrailError } from "../../../lib/core/errors";
import {
  detectionCursors,
  detectionHourly,
  detectionRules,
  detectionSeen,
  flagSuppressions,
  flags,
  incidents,
} from "../../schema";
import type {
  DeliveryRecord,
  DestinationRecord,
  DetectCursor,
  DetectionStore,
  EvaluationUnit,
  FlagHistoryEntry,
  FlagPatch,
  FlagQuery,
  IncidentRecord,
  RuleConfigRecord,
  SuppressionRecord,
} from "../detection-types";
import type { Db } from "./database";
import { commitEvaluation } from "./detection-commit";
import { toIncident, toSuppression } from "./detection-rows";
import * as fr from "./flag-reads";
import * as nq from "./notify-queries";

/**
 * Detection, triage and notifications in the SQL store (also the control store of ClickHouse
 * deployments). Built for one tenant: every query's first condition is `tenantId`, so another
 * tenant's id is simply not found.
 */
export class SqlDetectionStore implements DetectionStore {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
  ) {}

  async listRuleConfigs(): Promise<RuleConfigRecord[]> {
    const rows = await this.db
      .select()
      .from(detectionRules)
      .where(eq(detectionRules.tenantId, this.tenantId))
      .orderBy(asc(detectionRules.rule));
    return rows.map(({ tenantId: _, ...r }) => ({
      ...r,
      params: r.params as Record<string, unknown>,
    }));
  }

  async putRuleConfig(c: RuleConfigRecord): Promise<void> {
    const { rule: _, ...fields } = c;
    await this.db
      .insert(detectionRules)
      .values({ ...c, tenantId: this.tenantId })
      .onConflictDoUpdate({ target: [detectionRules.tenantId, detectionRules.rule], set: fields });
  }

  async getCursor(): Promise<DetectCursor | null> {
    const [row] = await this.db
      .select()
      .from(detectionCursors)
      .where(eq(detectionCursors.tenantId, this.tenantId));
    if (!row) return null;
    const { tenantId: _, ...c } = row;
    return { ...c, state: c.state as Record<string, unknown> };
  }

  async hourly(series: string, keys: readonly string[], from: Date, to: Date) {
    if (keys.length === 0) return [];
    const h = detectionHourly;
    return this.db
      .select({ series: h.series, key: h.key, hour: h.hour, value: h.value })
      .from(h)
      .where(
        and(
          eq(h.tenantId, this.tenantId),
          eq(h.series, series),
          inArray(h.key, [...keys]),
          gte(h.hour, from),
          lt(h.hour, to),
        ),
      )
      .orderBy(asc(h.key), asc(h.hour));
  }

  async seen(kind: string, keys: readonly string[]) {
    if (keys.length === 0) return [];
    const s = detectionSeen;
    return this.db
      .select({ kind: s.kind, key: s.key, first: s.firstSeen, last: s.lastSeen })
      .from(s)
      .where(and(eq(s.tenantId, this.tenantId), eq(s.kind, kind), inArray(s.key, [...keys])))
      .orderBy(asc(s.key));
  }

  commitEvaluation(u: EvaluationUnit): Promise<boolean> {
    return commitEvaluation(this.db, this.tenantId, u);
  }

  listFlags(q: FlagQuery) {
    return fr.listFlags(this.db, this.tenantId, q);
  }
  getFlag(id: string) {
    return fr.getFlag(this.db, this.tenantId, id);
  }
  activeFlags(rule: string, groupKeys: readonly string[]) {
    return fr.activeFlags(this.db, this.tenantId, rule, groupKeys);
  }
  openFlagCounts(subjectKeys: readonly string[]) {
    return fr.openFlagCounts(this.db, this.tenantId, subjectKeys);
  }
  flagsOfEvents(eventIds: readonly string[]) {
    return fr.flagsOfEvents(this.db, this.tenantId, eventIds);
  }
  updateFlag(id: string, patch: FlagPatch, entry: FlagHistoryEntry) {
    return fr.updateFlag(this.db, this.tenantId, id, patch, entry);
  }
  flagHistory(id: string) {
    return fr.flagHistoryOf(this.db, this.tenantId, id);
  }
  resolutionCounts() {
    return fr.resolutionCounts(this.db, this.tenantId);
  }
  openFlagsPerDay(from: Date, to: Date) {
    return fr.openFlagsPerDay(this.db, this.tenantId, from, to);
  }

  async listSuppressions(now: Date): Promise<SuppressionRecord[]> {
    const s = flagSuppressions;
    const rows = await this.db
      .select()
      .from(s)
      .where(and(eq(s.tenantId, this.tenantId), gt(s.until, now)))
      .orderBy(asc(s.until), asc(s.id));
    return rows.map(toSuppression);
  }

  async addSuppression(s: SuppressionRecord): Promise<void> {
    const { id: _, ...fields } = s;
    await this.db
      .insert(flagSuppressions)
      .values({ ...s, tenantId: this.tenantId })
      .onConflictDoUpdate({
        target: [flagSuppressions.tenantId, flagSuppressions.id],
        set: fields,
      });
  }

  async removeSuppression(id: string): Promise<boolean> {
    const s = flagSuppressions;
    const gone = await this.db
      .delete(s)
      .where(and(eq(s.tenantId, this.tenantId), eq(s.id, id)))
      .returning({ id: s.id });
    return gone.length > 0;
  }

  async createIncident(i: IncidentRecord, flagIds: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.insert(incidents).values({ ...i, tenantId: this.tenantId });
      await linkTo(tx, this.tenantId, i.id, flagIds);
    });
  }

  async getIncident(id: string): Promise<IncidentRecord | null> {
    const [row] = await this.db
      .select()
      .from(incidents)
      .where(and(eq(incidents.tenantId, this.tenantId), eq(incidents.id, id)));
    return row ? toIncident(row) : null;
  }

  async listIncidents(): Promise<IncidentRecord[]> {
    const rows = await this.db
      .select()
      .from(incidents)
      .where(eq(incidents.tenantId, this.tenantId))
      .orderBy(asc(incidents.createdAt), asc(incidents.id));
    return rows.map(toIncident);
  }

  async updateIncident(id: string, patch: Partial<IncidentRecord>) {
    const { id: _, ...set } = patch;
    if (Object.keys(set).length === 0) return this.getIncident(id);
    const [row] = await this.db
      .update(incidents)
      .set(set)
      .where(and(eq(incidents.tenantId, this.tenantId), eq(incidents.id, id)))
      .returning();
    return row ? toIncident(row) : null;
  }

  /** Throws not-found when the incident is not this tenant's; flags of others are left alone. */
  async linkFlags(incidentId: string, flagIds: readonly string[]): Promise<void> {
    if (!(await this.getIncident(incidentId))) {
      throw new TooltrailError("not-found", `No incident "${incidentId}" in this organisation.`);
    }
    await linkTo(this.db, this.tenantId, incidentId, flagIds);
  }

  async flagsOfIncident(incidentId: string): Promise<string[]> {
    const rows = await this.db
      .select({ id: flags.id })
      .from(flags)
      .where(and(eq(flags.tenantId, this.tenantId), eq(flags.incidentId, incidentId)))
      .orderBy(asc(flags.id));
    return rows.map((r) => r.id);
  }

  listDestinations() {
    return nq.listDestinations(this.db, this.tenantId);
  }
  getDestination(id: string) {
    return nq.getDestination(this.db, this.tenantId, id);
  }
  putDestination(d: DestinationRecord) {
    return nq.putDestination(this.db, this.tenantId, d);
  }
  removeDestination(id: string) {
    return nq.removeDestination(this.db, this.tenantId, id);
  }
  enqueueDeliveries(d: readonly DeliveryRecord[]) {
    return nq.enqueueDeliveries(this.db, this.tenantId, d);
  }
  dueDeliveries(now: Date, limit: number) {
    return nq.dueDeliveries(this.db, this.tenantId, now, limit);
  }
  updateDelivery(id: string, patch: Partial<DeliveryRecord>) {
    return nq.updateDelivery(this.db, this.tenantId, id, patch);
  }
  listDeliveries(destinationId: string | null, limit: number) {
    return nq.listDeliveries(this.db, this.tenantId, destinationId, limit);
  }
}

async function linkTo(db: Db, tenantId: string, incidentId: string, flagIds: readonly string[]) {
  if (flagIds.length === 0) return;
  await db
    .update(flags)
    .set({ incidentId })
    .where(and(eq(flags.tenantId, tenantId), inArray(flags.id, [...flagIds])));
}
