import { LIMITS } from "../../lib/core/contract/limits";
import { isStorable } from "../../lib/core/contract/well-formed";
import { isTooltrailError, TooltrailError } from "../../lib/core/errors";
import {
  type EventSort,
  isEventSort,
  NULLABLE_SORTS,
  SORT_KINDS,
  type SortOrder,
  type SortValue,
} from "./event-sort";

/**
 * Keyset cursor: the sort it was made for and the last row's (sort value, time, id). Opaque to
 * clients and shared by every backend, so a page URL means the same on PGlite, PostgreSQL and
 * ClickHouse. The sort travels inside so that a cursor is never read under another order, where
 * it would silently skip or repeat rows.
 */
export type Cursor = {
  sort: EventSort;
  order: SortOrder;
  /** The last row's sort key (null for `time`, whose value is `time`, and for missing values). */
  value: SortValue;
  time: string;
  id: string;
};

const VERSION = 2;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([VERSION, c.sort, c.order, c.value, c.time, c.id])).toString(
    "base64url",
  );
}

/** Decodes a cursor for the sort of the page asking for it; throws InvalidCursorError otherwise. */
export function decodeCursor(
  cursor: string,
  expected: { sort: EventSort; order: SortOrder },
): Cursor {
  const c = parse(cursor);
  if (!c) throw new InvalidCursorError();
  // Cursors from before sorting (time and id only) page the time order in either direction.
  const legacy = c.order === null;
  if (c.sort !== expected.sort || (!legacy && c.order !== expected.order))
    throw new CursorSortMismatchError({ sort: c.sort, order: c.order ?? expected.order }, expected);
  return { ...c, order: expected.order };
}

/**
 * Checks that a cursor is well formed (as this server writes them), whatever sort it was made
 * for: the explorer answers 400 before reading anything. A cursor of another sort passes here;
 * decodeCursor reports that with its reason.
 */
export function checkCursor(cursor: string): void {
  if (!parse(cursor)) throw new InvalidCursorError();
}

/** Longest cursor accepted: a sort value and an id of a few hundred characters, base64url. */
export const MAX_CURSOR_CHARS = 8192;

function parse(cursor: string): (Omit<Cursor, "order"> & { order: SortOrder | null }) | null {
  // Buffer.from(…, "base64url") skips what is not base64url: the cursor must be nothing else.
  if (cursor.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]*$/.test(cursor)) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  if (!Array.isArray(raw)) return null;
  if (raw.length === 2) {
    const [time, id] = raw as unknown[];
    return validTime(time) && validId(id)
      ? { sort: "time", order: null, value: null, time, id }
      : null;
  }
  const [version, sort, order, value, time, id] = raw as unknown[];
  if (raw.length !== 6 || version !== VERSION || !isEventSort(sort)) return null;
  if (order !== "asc" && order !== "desc") return null;
  if (!validTime(time) || !validId(id) || !validValue(sort, value)) return null;
  return { sort, order, value, time, id };
}

/** Latest time a cursor may carry: 9999-12-31T23:59:59.999Z. */
const MAX_TIME_MS = Date.UTC(10000, 0, 1) - 1;

/**
 * Exactly as written (toISOString), between 1970 and 9999: a year −271821 time is a valid Date
 * that PostgreSQL's timestamps cannot hold, which would fail the query instead of the cursor.
 */
function validTime(t: unknown): t is string {
  if (typeof t !== "string") return false;
  const ms = Date.parse(t);
  return ms >= 0 && ms <= MAX_TIME_MS && new Date(ms).toISOString() === t;
}

/**
 * An id some stored event can have (the contract's length; NUL and lone surrogates, which no
 * store can look up, never are). Kept free of zod: the dashboard's bundle includes this module.
 */
function validId(id: unknown): id is string {
  return typeof id === "string" && id.length > 0 && id.length <= LIMITS.idChars && isStorable(id);
}

/** Largest redaction count a cursor may carry (PostgreSQL `integer`). */
const MAX_INT4 = 2_147_483_647;

function validValue(sort: EventSort, v: unknown): v is SortValue {
  if (sort === "time") return v === null;
  if (v === null) return NULLABLE_SORTS.has(sort);
  if (sort === "redactions")
    return typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= MAX_INT4;
  if (SORT_KINDS[sort] === "number") return typeof v === "number" && Number.isFinite(v);
  // PostgreSQL refuses U+0000 in a text parameter, and no stored value holds a lone surrogate.
  return typeof v === "string" && v.length <= 4096 && isStorable(v);
}

/** A cursor that does not decode (edited or truncated): the caller answers 400, not 500. */
export class InvalidCursorError extends TooltrailError {
  readonly reason = "invalid-cursor";
  constructor(message = "invalid cursor: pass back the nextCursor of the previous page unchanged") {
    super("invalid-input", message);
  }
}

/**
 * Recognises the error by its code, not its class: the dashboard's bundle has its own copy of
 * this module, while the store that throws was loaded by the server process.
 */
export function isInvalidCursorError(err: unknown): err is InvalidCursorError {
  return isTooltrailError(err) && (err as { reason?: unknown }).reason === "invalid-cursor";
}

/** A well-formed cursor made for another sort or direction than the page asking with it. */
export class CursorSortMismatchError extends InvalidCursorError {
  constructor(
    readonly made: { sort: EventSort; order: SortOrder },
    readonly asked: { sort: EventSort; order: SortOrder },
  ) {
    super(
      `this cursor pages events sorted by ${made.sort} ${made.order}, not by ${asked.sort} ${asked.order}: start again from the first page`,
    );
  }
}
