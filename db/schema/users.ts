import { sql } from "drizzle-orm";
import {
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { tenants } from "./tenants";

/** Dashboard users; a user may belong to several tenants with a role in each. */
export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name"),
  /** Memory-hard KDF output (scrypt, encoded with its parameters); null for SSO-only users. */
  passwordHash: text("password_hash"),
  /**
   * Who chose the password: "operator" (CLI, first-run setup) or "invitation" (the holder of a
   * link, which proves nothing about the email: the first SSO sign-in clears such a password).
   */
  passwordSetVia: text("password_set_via"),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  disabledAt: timestamp("disabled_at", { withTimezone: true, precision: 3 }),
});

export const memberships = pgTable(
  "memberships",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    role: text("role").notNull(),
    /** Auditors' access ends by itself at this time. */
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.tenantId] }),
    index("memberships_tenant").on(t.tenantId),
  ],
);

/**
 * Invitations: pending memberships bound to an email, a role and an access end date, accepted
 * through a one-time link (only the SHA-256 of its token is kept). Inviting creates no user and
 * no membership; accepting does, for an email nobody has, or for the signed-in account that has
 * it. One pending invitation per tenant and email: inviting again replaces the link.
 */
export const invitations = pgTable(
  "invitations",
  {
    tokenHash: text("token_hash").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    email: text("email").notNull(),
    role: text("role").notNull(),
    accessExpiresAt: timestamp("access_expires_at", { withTimezone: true, precision: 3 }),
    /** The account that accepted it; null while pending. */
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index("invitations_tenant").on(t.tenantId),
    uniqueIndex("invitations_pending").on(t.tenantId, t.email).where(sql`${t.usedAt} is null`),
    index("invitations_accepted_by").on(t.userId),
  ],
);
