import { bigint, index, json, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A legal hold on a period of a tenant's events (open-ended on either side): retention removes
 * nothing that lies in an active hold. A whole-tenant hold is `tenants.legal_hold`.
 */
export const legalHolds = pgTable(
  "legal_holds",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    fromTime: at("from_time"),
    toTime: at("to_time"),
    reason: text("reason").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
    releasedAt: at("released_at"),
    releasedBy: text("released_by"),
  },
  (t) => [index("legal_holds_tenant").on(t.tenantId)],
);

/**
 * A signed statement that retention removed a chain's batches up to `through_seq`: verification
 * starts the chain after it, linked to `through_hash`, so removed evidence is accounted for and
 * any other missing event still reads as deleted. Written before anything is removed.
 */
export const retentionRecords = pgTable(
  "retention_records",
  {
    tenantId: text("tenant_id").notNull(),
    writerId: text("writer_id").notNull(),
    throughSeq: bigint("through_seq", { mode: "number" }).notNull(),
    statement: json("statement").notNull(),
    statementHash: text("statement_hash").notNull(),
    signature: text("signature").notNull(),
    keyId: text("key_id").notNull(),
    removedEvents: bigint("removed_events", { mode: "number" }).notNull(),
    createdAt: at("created_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.writerId, t.throughSeq] })],
);
