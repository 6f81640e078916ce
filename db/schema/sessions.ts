import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

/**
 * Dashboard sessions, server-side: the session cookie (a signed, encrypted JWT) carries a random
 * session id, and every request looks up its SHA-256 here, so signing out, a password set, an
 * invitation accepted or a membership removed ends sessions at once. The id itself is never
 * stored: reading this table does not give anyone a usable session.
 */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** How the session was established: "password" or "oidc". */
    method: text("method").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("sessions_user").on(t.userId)],
);
