import {
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * Rejected events with their reasons: malformed traffic is itself a security signal. `raw` is
 * the offending event's text, redacted and cut to a bounded size; rows per tenant are capped.
 */
export const quarantine = pgTable(
  "quarantine",
  {
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    tenantId: text("tenant_id").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true, precision: 3 }).notNull(),
    ingestKeyId: text("ingest_key_id").notNull(),
    requestId: text("request_id").notNull(),
    eventIndex: integer("event_index").notNull(),
    eventId: text("event_id"),
    errors: jsonb("errors").notNull(),
    raw: text("raw").notNull(),
    rawBytes: integer("raw_bytes").notNull(),
  },
  (t) => [
    index("quarantine_tenant_received").on(t.tenantId, t.receivedAt),
    // A spooled request replayed after a crash must not quarantine its events twice.
    uniqueIndex("quarantine_request_event").on(t.tenantId, t.requestId, t.eventIndex),
  ],
);
