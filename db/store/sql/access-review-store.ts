import { and, asc, desc, eq, inArray, type SQL } from "drizzle-orm";
import { reviewCampaigns, reviewDecisions, reviewEntries } from "../../schema";
import type {
  AccessReviewStore,
  CampaignRecord,
  CampaignStart,
  CampaignStatus,
  Decision,
  DecisionRecord,
  EntryChange,
  GuardChanges,
  NewCampaign,
  ReviewEntryRecord,
} from "../access-review-types";
import type { Db } from "./database";
import { insertRevocation, withdrawRevocation } from "./guard-access-store";

type CampaignRow = typeof reviewCampaigns.$inferSelect;
type DecisionRow = typeof reviewDecisions.$inferSelect;

const toCampaign = (r: CampaignRow): CampaignRecord => ({
  id: r.id,
  definitionId: r.definitionId,
  name: r.name,
  status: r.status as CampaignStatus,
  definition: r.definition,
  dueAt: r.dueAt,
  createdBy: r.createdBy,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  snapshotHash: r.snapshotHash,
  counts: r.counts,
  previousCampaignId: r.previousCampaignId,
  remindedAt: r.remindedAt,
  dueOutcomeAppliedAt: r.dueOutcomeAppliedAt,
  closedAt: r.closedAt,
  closedBy: r.closedBy,
});

const toDecision = (r: DecisionRow): DecisionRecord => ({
  id: r.id,
  campaignId: r.campaignId,
  entryId: r.entryId,
  decision: r.decision as Decision,
  note: r.note,
  reduceTo: r.reduceTo,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt,
  automatic: r.automatic,
  enforcement: r.enforcement,
});

/** U+0000 cannot be stored in PostgreSQL text or jsonb; principals and tools come from events. */
function scrub<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "\ufffd") as T;
  if (Array.isArray(value)) return value.map(scrub) as T;
  if (value && typeof value === "object" && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrub(v)])) as T;
  return value;
}

/** Campaigns of one tenant: every query's first condition is the tenant. */
export class SqlAccessReviewStore implements AccessReviewStore {
  constructor(
    private readonly db: Db,
    private readonly tenantId: string,
  ) {}

  private campaign(id: string): SQL {
    return and(eq(reviewCampaigns.tenantId, this.tenantId), eq(reviewCampaigns.id, id)) as SQL;
  }

  async createCampaign(c: NewCampaign): Promise<CampaignRecord> {
    const [row] = await this.db
      .insert(reviewCampaigns)
      .values(scrub({ ...c, tenantId: this.tenantId, status: "draft" }))
      .returning();
    if (!row) throw new Error("campaign insert returned nothing");
    return toCampaign(row);
  }

  async getCampaign(id: string): Promise<CampaignRecord | null> {
    const [row] = await this.db.select().from(reviewCampaigns).where(this.campaign(id));
    return row ? toCampaign(row) : null;
  }

  async listCampaigns(
    q: { definitionId?: string; status?: CampaignStatus[] } = {},
  ): Promise<CampaignRecord[]> {
    const rows = await this.db
      .select()
      .from(reviewCampaigns)
      .where(
        and(
          eq(reviewCampaigns.tenantId, this.tenantId),
          q.definitionId ? eq(reviewCampaigns.definitionId, q.definitionId) : undefined,
          q.status ? inArray(reviewCampaigns.status, q.status) : undefined,
        ),
      )
      .orderBy(desc(reviewCampaigns.createdAt), desc(reviewCampaigns.id));
    return rows.map(toCampaign);
  }

  startCampaign(id: string, s: CampaignStart): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const started = await tx
        .update(reviewCampaigns)
        .set({
          status: "in_progress",
          startedAt: s.startedAt,
          snapshotHash: s.snapshotHash,
          counts: s.counts,
          previousCampaignId: s.previousCampaignId,
        })
        .where(and(this.campaign(id), eq(reviewCampaigns.status, "draft")))
        .returning({ id: reviewCampaigns.id });
      if (started.length === 0) return false;
      for (let i = 0; i < s.entries.length; i += 500)
        await tx
          .insert(reviewEntries)
          .values(
            s.entries
              .slice(i, i + 500)
              .map((e) => scrub({ ...e, tenantId: this.tenantId, campaignId: id })),
          );
      return true;
    });
  }

  async transition(
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    at: Date,
    by: string,
  ): Promise<boolean> {
    const closing = to === "completed" || to === "cancelled";
    const rows = await this.db
      .update(reviewCampaigns)
      .set({ status: to, ...(closing ? { closedAt: at, closedBy: by } : {}) })
      .where(and(this.campaign(id), inArray(reviewCampaigns.status, [...from])))
      .returning({ id: reviewCampaigns.id });
    return rows.length > 0;
  }

  async markReminded(id: string, at: Date): Promise<void> {
    await this.db.update(reviewCampaigns).set({ remindedAt: at }).where(this.campaign(id));
  }

  async markDueOutcomeApplied(id: string, at: Date): Promise<void> {
    await this.db.update(reviewCampaigns).set({ dueOutcomeAppliedAt: at }).where(this.campaign(id));
  }

  async listEntries(
    campaignId: string,
    q: { reviewerUserId?: string; entryIds?: string[] } = {},
  ): Promise<ReviewEntryRecord[]> {
    const rows = await this.db
      .select()
      .from(reviewEntries)
      .where(
        and(
          eq(reviewEntries.tenantId, this.tenantId),
          eq(reviewEntries.campaignId, campaignId),
          q.reviewerUserId ? eq(reviewEntries.reviewerUserId, q.reviewerUserId) : undefined,
          q.entryIds ? inArray(reviewEntries.id, q.entryIds.length ? q.entryIds : [""]) : undefined,
        ),
      )
      .orderBy(asc(reviewEntries.position));
    const latest = new Map<string, DecisionRecord>();
    for (const d of await this.listDecisions(campaignId)) latest.set(d.entryId, d);
    return rows.map((r) => ({
      id: r.id,
      campaignId: r.campaignId,
      position: r.position,
      key: r.key,
      kind: r.kind,
      principal: r.principal,
      server: r.server,
      tool: r.tool,
      change: r.change as EntryChange,
      entry: r.entry,
      reviewerUserId: r.reviewerUserId,
      routedBy: r.routedBy,
      decision: latest.get(r.id) ?? null,
    }));
  }

  addDecisions(
    campaignId: string,
    decisions: DecisionRecord[],
    guard: GuardChanges = {},
  ): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // The row lock orders a decision against a concurrent complete or cancel.
      const [c] = await tx
        .select({ status: reviewCampaigns.status })
        .from(reviewCampaigns)
        .where(this.campaign(campaignId))
        .for("update");
      if (c?.status !== "in_progress") return false;
      for (let i = 0; i < decisions.length; i += 500)
        await tx
          .insert(reviewDecisions)
          .values(
            decisions
              .slice(i, i + 500)
              .map((d) => scrub({ ...d, tenantId: this.tenantId, campaignId })),
          );
      for (const r of guard.issue ?? []) await insertRevocation(tx, this.tenantId, r);
      for (const w of guard.withdraw ?? []) await withdrawRevocation(tx, this.tenantId, w.id, w.at);
      return true;
    });
  }

  async listDecisions(campaignId: string, entryId?: string): Promise<DecisionRecord[]> {
    const rows = await this.db
      .select()
      .from(reviewDecisions)
      .where(
        and(
          eq(reviewDecisions.tenantId, this.tenantId),
          eq(reviewDecisions.campaignId, campaignId),
          entryId ? eq(reviewDecisions.entryId, entryId) : undefined,
        ),
      )
      .orderBy(asc(reviewDecisions.seq));
    return rows.map(toDecision);
  }
}
