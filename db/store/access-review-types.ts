import type { NewRevocation } from "./guard-access-types";

/** Guard revocations a set of decisions issues (revoke, reduce) or withdraws (a later keep). */
export type GuardChanges = { issue?: NewRevocation[]; withdraw?: { id: string; at: Date }[] };

/*
 * Access review campaigns in the store (SQL control store on every backend; issue 13). What a
 * campaign's definition and entries hold is the application's (lib/access, lib/services/reviews):
 * here they are JSON the store keeps as given.
 */

export const CAMPAIGN_STATUSES = ["draft", "in_progress", "completed", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const DECISIONS = ["keep", "revoke", "reduce", "escalate"] as const;
export type Decision = (typeof DECISIONS)[number];

export type EntryChange = "new" | "unchanged" | "removed";

export type CampaignRecord = {
  id: string;
  definitionId: string;
  name: string;
  status: CampaignStatus;
  definition: unknown;
  dueAt: Date;
  createdBy: string;
  createdAt: Date;
  startedAt: Date | null;
  snapshotHash: string | null;
  counts: unknown;
  previousCampaignId: string | null;
  remindedAt: Date | null;
  dueOutcomeAppliedAt: Date | null;
  closedAt: Date | null;
  closedBy: string | null;
};

export type NewCampaign = Pick<
  CampaignRecord,
  "id" | "definitionId" | "name" | "definition" | "dueAt" | "createdBy" | "createdAt"
>;

export type NewReviewEntry = {
  id: string;
  position: number;
  key: string;
  kind: string;
  principal: string;
  server: string;
  tool: string;
  change: EntryChange;
  entry: unknown;
  reviewerUserId: string;
  routedBy: string;
};

export type DecisionRecord = {
  id: string;
  campaignId: string;
  entryId: string;
  decision: Decision;
  note: string | null;
  reduceTo: unknown;
  /** A user id, or `due-date` for the configured outcome. */
  decidedBy: string;
  decidedAt: Date;
  automatic: boolean;
  enforcement: string | null;
};

export type ReviewEntryRecord = NewReviewEntry & {
  campaignId: string;
  /** The latest decision (the history is in listDecisions). */
  decision: DecisionRecord | null;
};

export type CampaignStart = {
  startedAt: Date;
  snapshotHash: string;
  counts: unknown;
  previousCampaignId: string | null;
  entries: NewReviewEntry[];
};

export interface AccessReviewStore {
  createCampaign(c: NewCampaign): Promise<CampaignRecord>;
  getCampaign(id: string): Promise<CampaignRecord | null>;
  /** Newest first. */
  listCampaigns(q?: {
    definitionId?: string;
    status?: CampaignStatus[];
  }): Promise<CampaignRecord[]>;
  /** draft → in_progress with its frozen entries, in one transaction; false unless a draft. */
  startCampaign(id: string, s: CampaignStart): Promise<boolean>;
  /** Moves a campaign from one of `from` to `to` (closing it when completed or cancelled). */
  transition(
    id: string,
    from: readonly CampaignStatus[],
    to: CampaignStatus,
    at: Date,
    by: string,
  ): Promise<boolean>;
  markReminded(id: string, at: Date): Promise<void>;
  markDueOutcomeApplied(id: string, at: Date): Promise<void>;
  listEntries(
    campaignId: string,
    q?: { reviewerUserId?: string; entryIds?: string[] },
  ): Promise<ReviewEntryRecord[]>;
  /**
   * Appends decisions in one transaction that first locks the campaign and checks it is in
   * progress: false (and nothing written) when it is not. The Guard revocations the decisions
   * issue or withdraw change in the same transaction (each bumping its server's list version), so
   * a revocation never exists without its decision nor a revoke decision without its revocation.
   */
  addDecisions(
    campaignId: string,
    decisions: DecisionRecord[],
    guard?: GuardChanges,
  ): Promise<boolean>;
  /** Every decision of the campaign, oldest first (the append-only history). */
  listDecisions(campaignId: string, entryId?: string): Promise<DecisionRecord[]>;
}
