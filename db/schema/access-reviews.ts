import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/*
 * Access review campaigns (issue 13; db/store/access-review-types.ts): a campaign's definition and
 * lifecycle, the entries frozen when it started (the population snapshot), and the decisions on
 * them, append-only (a change of mind is a new row). Every key starts with tenant_id.
 */

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const reviewCampaigns = pgTable(
  "review_campaigns",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    /** Campaigns of one recurring definition share it (new/unchanged/removed compare within it). */
    definitionId: text("definition_id").notNull(),
    name: text("name").notNull(),
    /** draft | in_progress | completed | cancelled */
    status: text("status").notNull(),
    /** Scope, usage period, reviewer rules, due date policy, controls, cadence (zod-checked). */
    definition: jsonb("definition").notNull(),
    dueAt: at("due_at").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull(),
    startedAt: at("started_at"),
    /** sha256 of the frozen entries and the counts reconciled when it started. */
    snapshotHash: text("snapshot_hash"),
    counts: jsonb("counts"),
    /** The last completed campaign of the same definition the entries were compared with. */
    previousCampaignId: text("previous_campaign_id"),
    remindedAt: at("reminded_at"),
    dueOutcomeAppliedAt: at("due_outcome_applied_at"),
    closedAt: at("closed_at"),
    closedBy: text("closed_by"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("review_campaigns_definition").on(t.tenantId, t.definitionId, t.createdAt),
  ],
);

export const reviewEntries = pgTable(
  "review_entries",
  {
    tenantId: text("tenant_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    id: text("id").notNull(),
    /** Order in the snapshot (the hash covers the entries in this order). */
    position: integer("position").notNull(),
    /** Stable across campaigns (lib/access/population.ts#entryKey). */
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    principal: text("principal").notNull(),
    server: text("server").notNull(),
    tool: text("tool").notNull(),
    /** new | unchanged | removed, against the previous completed campaign of the definition. */
    change: text("change").notNull(),
    /** The whole frozen entry (usage, flags, grants, detail). */
    entry: jsonb("entry").notNull(),
    reviewerUserId: text("reviewer_user_id").notNull(),
    /** Which rule routed it (server owner, manager, acts-for, named, fallback, self-review). */
    routedBy: text("routed_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.campaignId, t.id] }),
    index("review_entries_reviewer").on(t.tenantId, t.campaignId, t.reviewerUserId),
  ],
);

export const reviewDecisions = pgTable(
  "review_decisions",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    /** Insertion order: the history's order, also between decisions of the same millisecond. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    campaignId: text("campaign_id").notNull(),
    entryId: text("entry_id").notNull(),
    /** keep | revoke | reduce | escalate */
    decision: text("decision").notNull(),
    note: text("note"),
    /** For reduce: the narrower tools or role that remain. */
    reduceTo: jsonb("reduce_to"),
    /** The reviewer's user id, or `due-date` for the configured outcome applied at the due date. */
    decidedBy: text("decided_by").notNull(),
    decidedAt: at("decided_at").notNull(),
    automatic: boolean("automatic").notNull().default(false),
    /** What enforcement it caused: a Guard revocation id, `membership-removed`, `key-revoked`. */
    enforcement: text("enforcement"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("review_decisions_entry").on(t.tenantId, t.campaignId, t.entryId, t.decidedAt),
  ],
);
