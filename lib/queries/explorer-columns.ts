import { z } from "zod";
import type { Store } from "../../db/store/types";
import { EXPLORER_COLUMNS, type ExplorerColumn } from "./events";

/** Preference key of the explorer's hidden columns (per user: db/schema/user-preferences.ts). */
export const EXPLORER_COLUMNS_KEY = "explorer.columns";

const IDS = EXPLORER_COLUMNS.map((c) => c.id) as [ExplorerColumn, ...ExplorerColumn[]];
const saved = z.object({ hidden: z.array(z.enum(IDS)) });

/** The columns this user hides; a saved value that no longer parses (a column renamed) hides none. */
export async function hiddenExplorerColumns(
  store: Store,
  userId: string,
): Promise<ExplorerColumn[]> {
  const parsed = saved.safeParse(
    await store.admin.userPreferences.get(userId, EXPLORER_COLUMNS_KEY),
  );
  return parsed.success ? parsed.data.hidden : [];
}

/**
 * The `hidden` form field (comma-separated column ids) of the save action: every id must be a
 * column, and at least one column must stay visible.
 */
export function parseHiddenColumns(
  raw: FormDataEntryValue | null,
): { ok: true; hidden: ExplorerColumn[] } | { ok: false; message: string } {
  if (typeof raw !== "string") return { ok: false, message: "hidden: a list of column ids" };
  const ids = [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = ids.filter((id) => !(IDS as string[]).includes(id));
  if (unknown.length > 0)
    return {
      ok: false,
      message: `unknown column: ${unknown.slice(0, 3).join(", ").slice(0, 100)}`,
    };
  if (ids.length >= IDS.length) return { ok: false, message: "keep at least one column visible" };
  // Saved in the table's order, so equal choices are equal values.
  return { ok: true, hidden: IDS.filter((id) => ids.includes(id)) };
}

export async function saveHiddenExplorerColumns(
  store: Store,
  userId: string,
  hidden: ExplorerColumn[],
): Promise<void> {
  await store.admin.userPreferences.set(userId, EXPLORER_COLUMNS_KEY, { hidden });
}
