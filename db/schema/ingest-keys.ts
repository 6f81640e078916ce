import { index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/**
 * Ingest keys authenticate event sources. The secret is random (256 bits), so a fast hash is
 * the right tool: only its SHA-256 is stored, and the key id is the public lookup handle.
 */
export const ingestKeys = pgTable(
  "ingest_keys",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    /** Server names this key may report for; null allows any. */
    servers: text("servers").array(),
    /** Sustained events per second and burst; null uses the server default. */
    ratePerSecond: integer("rate_per_second"),
    burst: integer("burst"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, precision: 3 }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("ingest_keys_tenant").on(t.tenantId)],
);
