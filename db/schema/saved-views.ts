import { sql } from "drizzle-orm";
import {
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/*
 * Saved views of the events explorer (db/store/types.ts SavedViewStore): a named explorer state
 * (query, range, activity, columns, sort, page size), private to its owner or shared in the
 * organisation. Keys lead with tenant_id: every read is one tenant's range, through a store built
 * for one tenant. `name_key` is the name as compared (trimmed, case- and width-folded) so that
 * "Errors" and "errors " cannot both exist where names must be unique: per owner for a private
 * view, per organisation for a shared one (two partial unique indexes say so to the database).
 */

const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const savedViews = pgTable(
  "saved_views",
  {
    tenantId: text("tenant_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    nameKey: text("name_key").notNull(),
    /** `private` (its owner only) or `shared` (every member who can read events). */
    visibility: text("visibility").notNull(),
    /** The creator: a user id, or `operator:<user@host>` for the CLI's operator. */
    ownerId: text("owner_id").notNull(),
    /** The creator as people read it (email or operator name), kept for the list. */
    ownerLabel: text("owner_label").notNull(),
    /** The explorer state, validated by lib/queries' zod schema on the way in and out. */
    state: jsonb("state").notNull(),
    createdAt: at("created_at").notNull(),
    updatedAt: at("updated_at").notNull(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex("saved_views_shared_name")
      .on(t.tenantId, t.nameKey)
      .where(sql`${t.visibility} = 'shared'`),
    uniqueIndex("saved_views_private_name")
      .on(t.tenantId, t.ownerId, t.nameKey)
      .where(sql`${t.visibility} = 'private'`),
    index("saved_views_owner").on(t.tenantId, t.ownerId),
  ],
);
