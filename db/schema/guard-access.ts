import { sql } from "drizzle-orm";
import {
  bigint,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/*
 * Guard's side of access reviews (db/store/guard-access-types.ts): the policies Guard instances
 * registered, with the time each was in force; the revocations Guard pulls, with the per-server
 * list version that grows with every change; and the last heartbeat of each Guard instance.
 * Every key starts with tenant_id: rows are reached only through a store built for one tenant.
 */

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const guardPolicyVersions = pgTable(
  "guard_policy_versions",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    server: text("server").notNull(),
    instance: text("instance").notNull(),
    guardVersion: text("guard_version").notNull(),
    /** The policy's own id (`id:` in the file). */
    policyId: text("policy_id").notNull(),
    /** sha256 hex of the RFC 8785 canonical JSON of `document`. */
    hash: text("hash").notNull(),
    document: jsonb("document").notNull(),
    /** The ingest key the Guard registered with. */
    keyId: text("key_id").notNull(),
    effectiveFrom: at("effective_from").notNull(),
    /** Null while in force: the next registration of another hash closes it. */
    effectiveTo: at("effective_to"),
    /** The latest registration of this same version (start, reload, restart). */
    lastRegisteredAt: at("last_registered_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // One version in force per Guard instance of a server: the database says so too.
    uniqueIndex("guard_policy_versions_open")
      .on(t.tenantId, t.server, t.instance)
      .where(sql`${t.effectiveTo} is null`),
    index("guard_policy_versions_server").on(t.tenantId, t.server, t.effectiveFrom),
  ],
);

export const guardRevocationLists = pgTable(
  "guard_revocation_lists",
  {
    tenantId: text("tenant_id").notNull(),
    server: text("server").notNull(),
    version: bigint("version", { mode: "number" }).notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.server] })],
);

export const guardRevocations = pgTable(
  "guard_revocations",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    principal: text("principal").notNull(),
    server: text("server").notNull(),
    /** Tool names or globs; empty = every tool. */
    tools: jsonb("tools").$type<string[]>().notNull(),
    campaignId: text("campaign_id").notNull(),
    campaignName: text("campaign_name").notNull(),
    entryId: text("entry_id").notNull(),
    reviewerUserId: text("reviewer_user_id").notNull(),
    reason: text("reason").notNull(),
    createdAt: at("created_at").notNull(),
    /** The server's list version that first contains this revocation. */
    listVersion: bigint("list_version", { mode: "number" }).notNull(),
    /** pending | enforced | exception */
    status: text("status").notNull(),
    confirmedAt: at("confirmed_at"),
    confirmedBy: text("confirmed_by"),
    proofEventId: text("proof_event_id"),
    proofAt: at("proof_at"),
    exceptionNote: text("exception_note"),
    exceptionBy: text("exception_by"),
    exceptionAt: at("exception_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("guard_revocations_server").on(t.tenantId, t.server, t.listVersion),
    index("guard_revocations_campaign").on(t.tenantId, t.campaignId),
  ],
);

export const guardInstances = pgTable(
  "guard_instances",
  {
    tenantId: text("tenant_id").notNull(),
    server: text("server").notNull(),
    instance: text("instance").notNull(),
    guardVersion: text("guard_version").notNull(),
    keyId: text("key_id").notNull(),
    policyHash: text("policy_hash"),
    /** The revocation-list version the instance said it applies. */
    listVersion: bigint("list_version", { mode: "number" }).notNull(),
    lastHeartbeatAt: at("last_heartbeat_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.server, t.instance] })],
);
