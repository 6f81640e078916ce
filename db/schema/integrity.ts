import {
  bigint,
  customType,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** One sealed batch of a chain (tenant, writer): see lib/integrity/README.md. */
export const integrityBatches = pgTable(
  "integrity_batches",
  {
    tenantId: text("tenant_id").notNull(),
    writerId: text("writer_id").notNull(),
    seq: bigint("seq", { mode: "number" }).notNull(),
    header: json("header").notNull(),
    headerHash: text("header_hash").notNull(),
    signature: text("signature").notNull(),
    keyId: text("key_id").notNull(),
    count: integer("count").notNull(),
    /** The batch's leaf hashes, 32 bytes each, concatenated in leaf order. */
    leaves: bytea("leaves").notNull(),
    eventIds: json("event_ids").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.writerId, t.seq] })],
);

/** Public keys of ingest writers, so anyone can check batch signatures offline. */
export const writerKeys = pgTable("writer_keys", {
  keyId: text("key_id").primaryKey(),
  writerId: text("writer_id").notNull(),
  publicKey: text("public_key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
