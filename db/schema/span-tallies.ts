import { bigint, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * What OTLP ingestion did with each source's spans, per ingest key and hour: spans received,
 * those that became events, those dropped as not MCP activity, and those rejected. Dropped spans
 * leave no event behind, so this is the only place their count survives a restart.
 */
export const spanTallies = pgTable(
  "span_tallies",
  {
    tenantId: text("tenant_id").notNull(),
    ingestKeyId: text("ingest_key_id").notNull(),
    hour: timestamp("hour", { withTimezone: true, precision: 3 }).notNull(),
    spans: bigint("spans", { mode: "number" }).notNull().default(0),
    events: bigint("events", { mode: "number" }).notNull().default(0),
    dropped: bigint("dropped", { mode: "number" }).notNull().default(0),
    rejected: bigint("rejected", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.ingestKeyId, t.hour] })],
);
