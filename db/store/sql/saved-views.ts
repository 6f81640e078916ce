import { and, eq, or } from "drizzle-orm";
import { savedViews } from "../../schema";
import {
  type NameTaken,
  type NewSavedView,
  type SavedViewPatch,
  type SavedViewRecord,
  type SavedViewStore,
  type SavedViewVisibility,
  savedViewNameKey,
} from "../saved-view-types";
import type { Db } from "./database";
import { scrub } from "./detection-rows";

const TAKEN: NameTaken = { taken: true };

/** PostgreSQL's unique_violation, as PGlite and node-postgres report it (drizzle wraps it). */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

type Row = typeof savedViews.$inferSelect;

function toRecord({ tenantId: _, nameKey: __, ...r }: Row): SavedViewRecord {
  return { ...r, visibility: r.visibility as SavedViewVisibility };
}

/**
 * Saved views in the SQL store (the control store of ClickHouse deployments too). Built for one
 * tenant: every statement's first condition is `tenantId`, so another tenant's view is not found.
 * Name uniqueness is the database's (two partial unique indexes), so two saves racing for one
 * name cannot both succeed.
 */
export class SqlSavedViewStore implements SavedViewStore {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
  ) {}

  async list(ownerId: string): Promise<SavedViewRecord[]> {
    const rows = await this.db
      .select()
      .from(savedViews)
      .where(
        and(
          eq(savedViews.tenantId, this.tenantId),
          or(eq(savedViews.visibility, "shared"), eq(savedViews.ownerId, ownerId)),
        ),
      )
      .orderBy(savedViews.nameKey, savedViews.visibility, savedViews.id);
    return rows.map(toRecord);
  }

  async get(id: string): Promise<SavedViewRecord | null> {
    const [row] = await this.db
      .select()
      .from(savedViews)
      .where(and(eq(savedViews.tenantId, this.tenantId), eq(savedViews.id, id)));
    return row ? toRecord(row) : null;
  }

  async findByName(name: string): Promise<SavedViewRecord[]> {
    const rows = await this.db
      .select()
      .from(savedViews)
      .where(
        and(
          eq(savedViews.tenantId, this.tenantId),
          eq(savedViews.nameKey, savedViewNameKey(scrub(name))),
        ),
      )
      .orderBy(savedViews.visibility, savedViews.id);
    return rows.map(toRecord);
  }

  async create(view: NewSavedView): Promise<SavedViewRecord | NameTaken> {
    const v = scrub(view);
    // No conflict target: the primary key and both name indexes all mean "not created".
    const [row] = await this.db
      .insert(savedViews)
      .values({
        ...v,
        tenantId: this.tenantId,
        nameKey: savedViewNameKey(v.name),
        updatedAt: v.createdAt,
      })
      .onConflictDoNothing()
      .returning();
    return row ? toRecord(row) : TAKEN;
  }

  async update(id: string, patch: SavedViewPatch): Promise<SavedViewRecord | NameTaken | null> {
    const p = scrub(patch);
    try {
      const [row] = await this.db
        .update(savedViews)
        .set({
          ...(p.name !== undefined ? { name: p.name, nameKey: savedViewNameKey(p.name) } : {}),
          ...(p.visibility !== undefined ? { visibility: p.visibility } : {}),
          ...(p.state !== undefined ? { state: p.state } : {}),
          updatedAt: p.updatedAt,
          updatedBy: p.updatedBy,
        })
        .where(and(eq(savedViews.tenantId, this.tenantId), eq(savedViews.id, id)))
        .returning();
      return row ? toRecord(row) : null;
    } catch (err) {
      if (isUniqueViolation(err)) return TAKEN;
      throw err;
    }
  }

  async delete(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(savedViews)
      .where(and(eq(savedViews.tenantId, this.tenantId), eq(savedViews.id, id)))
      .returning({ id: savedViews.id });
    return rows.length > 0;
  }
}
