import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/*
 * Anomaly detection, triage and notifications (db/store/detection-types.ts). Every key and index
 * starts with tenant_id: each query of the store is one tenant's range. No foreign key to
 * `tenants` (as for events): the engine's hot tables would pay for the check on every insert, and
 * rows are only ever reached through a store built for one tenant.
 */

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const detectionRules = pgTable(
  "detection_rules",
  {
    tenantId: text("tenant_id").notNull(),
    rule: text("rule").notNull(),
    enabled: boolean("enabled").notNull(),
    params: jsonb("params").notNull(),
    allow: text("allow").array().notNull(),
    groupBy: text("group_by").array().notNull(),
    enabledAt: at("enabled_at"),
    updatedAt: at("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.rule] })],
);

/** One row per tenant; `version` is commitEvaluation's optimistic lock. */
export const detectionCursors = pgTable("detection_cursors", {
  tenantId: text("tenant_id").primaryKey(),
  watermark: at("watermark").notNull(),
  state: jsonb("state").notNull(),
  version: bigint("version", { mode: "number" }).notNull(),
  backfilledFrom: at("backfilled_from"),
  updatedAt: at("updated_at").notNull(),
});

/**
 * Hourly tallies the baselines read. Double precision throughout: byte sums outgrow int4, and a
 * double holds integers exactly up to 2^53, so counts and bytes share one column type.
 */
export const detectionHourly = pgTable(
  "detection_hourly",
  {
    tenantId: text("tenant_id").notNull(),
    series: text("series").notNull(),
    key: text("key").notNull(),
    hour: at("hour").notNull(),
    value: doublePrecision("value").notNull(),
  },
  // No (tenant_id, hour) index for pruning: without statistics the planner took it for the
  // baseline reads and filtered a tenant's whole window (278 ms instead of 4 for 5 keys, PGlite).
  (t) => [primaryKey({ columns: [t.tenantId, t.series, t.key, t.hour] })],
);

export const detectionSeen = pgTable(
  "detection_seen",
  {
    tenantId: text("tenant_id").notNull(),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    firstSeen: at("first_seen").notNull(),
    lastSeen: at("last_seen").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.kind, t.key] })],
);

export const flags = pgTable(
  "flags",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    rule: text("rule").notNull(),
    ruleVersion: integer("rule_version").notNull(),
    params: jsonb("params").notNull(),
    groupKey: text("group_key").notNull(),
    subjectKind: text("subject_kind").notNull(),
    subjectKey: text("subject_key").notNull(),
    subjectLabel: text("subject_label").notNull(),
    severity: text("severity").notNull(),
    status: text("status").notNull(),
    active: boolean("active").notNull(),
    startTime: at("start_time").notNull(),
    endTime: at("end_time").notNull(),
    observed: jsonb("observed").notNull(),
    baseline: jsonb("baseline"),
    sentence: text("sentence").notNull(),
    evidence: text("evidence").array().notNull(),
    assignee: text("assignee"),
    resolution: text("resolution"),
    resolutionNote: text("resolution_note"),
    incidentId: text("incident_id"),
    firstSeen: at("first_seen").notNull(),
    lastSeen: at("last_seen").notNull(),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
    /** When the status last became resolved (the overview's open-per-day chart); null otherwise. */
    resolvedAt: at("resolved_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("flags_status_last_seen").on(t.tenantId, t.status, t.lastSeen),
    // Keys are indexed by their first 256 characters: a group key joins actor, tool, server and
    // grouping fields from events, and one past btree's 2,704 bytes per entry would fail every
    // evaluation of the tenant from then on. Queries test the prefix, then the whole key.
    index("flags_active_group")
      .on(t.tenantId, t.rule, sql`left(${t.groupKey}, 256)`)
      .where(sql`${t.active}`),
    index("flags_subject").on(t.tenantId, sql`left(${t.subjectKey}, 256)`),
    index("flags_incident").on(t.tenantId, t.incidentId).where(sql`${t.incidentId} IS NOT NULL`),
  ],
);

/**
 * Evidence event id -> flag, kept beside `flags.evidence` in the same transaction: the explorer
 * asks "which flags name these events" for a page of ids, a point lookup in this key with the
 * tenant first, where a GIN index on the array could not lead with the tenant.
 */
export const flagEvidence = pgTable(
  "flag_evidence",
  {
    tenantId: text("tenant_id").notNull(),
    eventId: text("event_id").notNull(),
    flagId: text("flag_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.eventId, t.flagId] }),
    index("flag_evidence_flag").on(t.tenantId, t.flagId),
  ],
);

export const flagHistory = pgTable(
  "flag_history",
  {
    tenantId: text("tenant_id").notNull(),
    flagId: text("flag_id").notNull(),
    /** Insertion order: entries of one instant keep the order they were written in. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    at: at("at").notNull(),
    by: text("by").notNull(),
    action: text("action").notNull(),
    details: jsonb("details").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.flagId, t.seq] })],
);

export const flagSuppressions = pgTable(
  "flag_suppressions",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    rule: text("rule").notNull(),
    subjectKey: text("subject_key").notNull(),
    until: at("until").notNull(),
    reason: text("reason").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("flag_suppressions_until").on(t.tenantId, t.until),
  ],
);

export const incidents = pgTable(
  "incidents",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    title: text("title").notNull(),
    severity: text("severity").notNull(),
    status: text("status").notNull(),
    detectedAt: at("detected_at").notNull(),
    awareAt: at("aware_at").notNull(),
    notifiedAuthorityAt: at("notified_authority_at"),
    note: text("note").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull(),
    closedAt: at("closed_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);
