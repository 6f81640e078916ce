/**
 * The keys the explorer can sort events by, and the one order every backend implements:
 *
 * - `time`: time in the requested direction, then id in the same direction (the index order).
 * - any other key: the key in the requested direction, events without a value (NULL) last in
 *   both directions, then ties newest first (time descending, then id descending).
 *
 * Text compares by bytes (UTF-8 code points: PostgreSQL `COLLATE "C"`, ClickHouse's default),
 * so a page is the same on PGlite, PostgreSQL and ClickHouse whatever the database's locale.
 */
export const EVENT_SORTS = [
  "time",
  "duration_ms",
  "actor",
  "tool",
  "server",
  "outcome",
  "verdict",
  "classification",
  "redactions",
] as const;
export type EventSort = (typeof EVENT_SORTS)[number];
export type SortOrder = "asc" | "desc";

/** A sort key's value as a cursor carries it: text, a number, or null (no value). */
export type SortValue = string | number | null;

export const SORT_KINDS: Record<Exclude<EventSort, "time">, "number" | "text"> = {
  duration_ms: "number",
  actor: "text",
  tool: "text",
  server: "text",
  outcome: "text",
  verdict: "text",
  classification: "text",
  redactions: "number",
};

/** Keys an event may lack (stored as NULL). */
export const NULLABLE_SORTS: ReadonlySet<EventSort> = new Set<EventSort>([
  "duration_ms",
  "tool",
  "verdict",
  "classification",
]);

export function isEventSort(s: unknown): s is EventSort {
  return typeof s === "string" && (EVENT_SORTS as readonly string[]).includes(s);
}
