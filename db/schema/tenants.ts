import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** An organisation. Every other row in the store hangs off one tenant. */
export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  /** Days of events kept; null keeps everything. Enforced by the retention job (later issue). */
  retentionDays: integer("retention_days"),
  legalHold: boolean("legal_hold").notNull().default(false),
  /** Per-tenant redaction configuration, validated by lib/redact's zod schema. */
  redaction: jsonb("redaction").notNull().default(sql`'{}'::jsonb`),
});
