import {
  bigserial,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * Instance-level security events that belong to no tenant's stream, such as failed sign-ins for
 * an email with no account. Repeats of one (kind, email, address) within an hour add to one row,
 * and the writer keeps only the newest rows, so a flood cannot fill the disk.
 */
export const securityLog = pgTable(
  "security_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    kind: text("kind").notNull(),
    /** Normalised (trimmed, lower case, NFKC) and capped in length. */
    email: text("email").notNull(),
    /** Client address as the server saw it (or the trusted proxy said). */
    address: text("address").notNull(),
    hour: timestamp("hour", { withTimezone: true, precision: 3 }).notNull(),
    attempts: integer("attempts").notNull().default(1),
    /** Attempts answered with the lockout message (the one that set the lock included). */
    lockedAttempts: integer("locked_attempts").notNull().default(0),
    firstAt: timestamp("first_at", { withTimezone: true, precision: 3 }).notNull(),
    lastAt: timestamp("last_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("security_log_key").on(t.kind, t.email, t.address, t.hour),
    index("security_log_last").on(t.lastAt),
  ],
);
