import { and, asc, eq, sql } from "drizzle-orm";
import { detectionCursors, detectionRules, detectionSeen } from "../../schema";
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
import { anyOf, scrub } from "./detection-rows";
import { hourly, pruneHourly } from "./detection-tallies";
import * as fr from "./flag-reads";
import * as ft from "./flag-triage";
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

  async putRuleConfig(config: RuleConfigRecord): Promise<void> {
    const c = scrub(config);
    const { rule: _, ...fields } = c;
    await this.db
      .insert(detectionRules)
      .values({ ...c, tenantId: this.tenantId })
      .onConflictDoUpdate({ target: [detectionRules.tenantId, detectionRules.rule], set: fields });
  }

  async getCursor(opts?: { stateKeys?: readonly string[] }): Promise<DetectCursor | null> {
    const c = detectionCursors;
    const keys = opts?.stateKeys?.map(scrub);
    const [row] = await this.db
      .select({
        watermark: c.watermark,
        version: c.version,
        backfilledFrom: c.backfilledFrom,
        updatedAt: c.updatedAt,
        state: keys
          ? sql<unknown>`(SELECT coalesce(jsonb_object_agg(k, ${c.state} -> k), '{}'::jsonb)
              FROM unnest(${sql.param(keys)}::text[]) AS k WHERE ${c.state} ? k)`
          : c.state,
      })
      .from(c)
      .where(eq(c.tenantId, this.tenantId));
    if (!row) return null;
    return { ...row, state: row.state as Record<string, unknown> };
  }

  hourly(series: string, keys: readonly string[], from: Date, to: Date) {
    return hourly(this.db, this.tenantId, series, keys, from, to);
  }

  async seen(kind: string, keys: readonly string[]) {
    if (keys.length === 0) return [];
    const s = detectionSeen;
    return this.db
      .select({ kind: s.kind, key: s.key, first: s.firstSeen, last: s.lastSeen })
      .from(s)
      .where(and(eq(s.tenantId, this.tenantId), eq(s.kind, kind), anyOf(s.key, keys)))
      .orderBy(asc(s.key));
  }

  commitEvaluation(u: EvaluationUnit): Promise<boolean> {
    return commitEvaluation(this.db, this.tenantId, u);
  }

  pruneHourly(before: Date): Promise<number> {
    return pruneHourly(this.db, this.tenantId, before);
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

  listSuppressions(now: Date) {
    return ft.listSuppressions(this.db, this.tenantId, now);
  }
  addSuppression(s: SuppressionRecord) {
    return ft.addSuppression(this.db, this.tenantId, s);
  }
  removeSuppression(id: string) {
    return ft.removeSuppression(this.db, this.tenantId, id);
  }
  createIncident(i: IncidentRecord, flagIds: readonly string[]) {
    return ft.createIncident(this.db, this.tenantId, i, flagIds);
  }
  getIncident(id: string) {
    return ft.getIncident(this.db, this.tenantId, id);
  }
  listIncidents() {
    return ft.listIncidents(this.db, this.tenantId);
  }
  updateIncident(id: string, patch: Partial<IncidentRecord>) {
    return ft.updateIncident(this.db, this.tenantId, id, patch);
  }
  linkFlags(incidentId: string, flagIds: readonly string[]) {
    return ft.linkFlags(this.db, this.tenantId, incidentId, flagIds);
  }
  flagsOfIncident(incidentId: string) {
    return ft.flagsOfIncident(this.db, this.tenantId, incidentId);
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
  sealDestinationUrl(
    id: string,
    plainUrl: string,
    sealed: { url: string; secretCiphertext: string },
  ) {
    return nq.sealDestinationUrl(this.db, this.tenantId, id, plainUrl, sealed);
  }
  enqueueDeliveries(d: readonly DeliveryRecord[]) {
    return nq.enqueueDeliveries(this.db, this.tenantId, d);
  }
  dueDeliveries(now: Date, limit: number, destinationId?: string) {
    return nq.dueDeliveries(this.db, this.tenantId, now, limit, destinationId);
  }
  claimDelivery(id: string, attempts: number, now: Date, until: Date) {
    return nq.claimDelivery(this.db, this.tenantId, id, attempts, now, until);
  }
  pruneDeliveries(before: Date) {
    return nq.pruneDeliveries(this.db, this.tenantId, before);
  }
  updateDelivery(id: string, patch: Partial<DeliveryRecord>) {
    return nq.updateDelivery(this.db, this.tenantId, id, patch);
  }
  listDeliveries(destinationId: string | null, limit: number) {
    return nq.listDeliveries(this.db, this.tenantId, destinationId, limit);
  }
}
