import { sql } from "drizzle-orm";
import {
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
 * Notification destinations of anomaly flags and the delivery queue (lib/notify). Keys lead with
 * tenant_id like every detection table (see detection.ts).
 */

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const notifyDestinations = pgTable(
  "notify_destinations",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    secretCiphertext: text("secret_ciphertext"),
    minSeverity: text("min_severity").notNull(),
    enabled: boolean("enabled").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: at("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const notifyDeliveries = pgTable(
  "notify_deliveries",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    destinationId: text("destination_id").notNull(),
    kind: text("kind").notNull(),
    flagId: text("flag_id"),
    payload: jsonb("payload").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull(),
    nextAttemptAt: at("next_attempt_at").notNull(),
    lastError: text("last_error"),
    lastStatus: integer("last_status"),
    createdAt: at("created_at").notNull(),
    deliveredAt: at("delivered_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("notify_deliveries_due").on(t.tenantId, t.status, t.nextAttemptAt),
    // The worker asks per destination: a failing destination's backlog is skipped, not filtered.
    index("notify_deliveries_pending")
      .on(t.tenantId, t.destinationId, t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
    index("notify_deliveries_destination").on(t.tenantId, t.destinationId, t.createdAt),
  ],
);
