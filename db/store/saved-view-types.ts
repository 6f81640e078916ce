/**
 * Saved views of the events explorer (lib/services/views): one tenant's rows, reached only
 * through `TenantStore.views`. They live in the SQL store, which is the control store of
 * ClickHouse deployments too, so views are the same whatever holds the events. The state is plain
 * JSON here; lib/queries/saved-view-state.ts owns its meaning and validates it both ways.
 */
export type SavedViewVisibility = "private" | "shared";
export const SAVED_VIEW_VISIBILITIES = ["private", "shared"] as const;

export type SavedViewRecord = {
  id: string;
  name: string;
  visibility: SavedViewVisibility;
  /** A user id, or `operator:<user@host>`. */
  ownerId: string;
  ownerLabel: string;
  state: unknown;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
};

export type NewSavedView = Omit<SavedViewRecord, "updatedAt">;

export type SavedViewPatch = {
  name?: string;
  visibility?: SavedViewVisibility;
  state?: unknown;
  updatedAt: Date;
  updatedBy: string;
};

/** Why a write did not happen: the name is taken where it must be unique. */
export type NameTaken = { taken: true };

export interface SavedViewStore {
  /** The shared views and `ownerId`'s private ones, by name (case-insensitively). */
  list(ownerId: string): Promise<SavedViewRecord[]>;
  /** One view by id, whoever owns it (the caller decides who may see a private one). */
  get(id: string): Promise<SavedViewRecord | null>;
  /**
   * Views whose name folds to the same key as `name` (savedViewNameKey): at most one shared and
   * one private per owner.
   */
  findByName(name: string): Promise<SavedViewRecord[]>;
  /** Creates a view unless its name is taken (per owner when private, per tenant when shared). */
  create(view: NewSavedView): Promise<SavedViewRecord | NameTaken>;
  /** Changes a view; null when there is none, NameTaken when the new name or visibility clashes. */
  update(id: string, patch: SavedViewPatch): Promise<SavedViewRecord | NameTaken | null>;
  delete(id: string): Promise<boolean>;
}

/**
 * The name as compared for uniqueness: compatibility-folded (full-width letters, ligatures),
 * whitespace runs as one space, trimmed, lower-cased without a locale. "Errors" and " errors"
 * are one name; the name people typed is kept as typed.
 */
export function savedViewNameKey(name: string): string {
  return name.normalize("NFKC").replace(/\s+/gu, " ").trim().toLowerCase();
}
