import { type ChFragment, chsql, ident } from "../../clickhouse/binder";
import type { Cursor } from "../cursor";
import { type EventSort, SORT_KINDS, type SortOrder } from "../event-sort";

const SORT_COLUMNS: Record<Exclude<EventSort, "time">, string> = {
  duration_ms: "duration_ms",
  actor: "actor_id",
  tool: "tool",
  server: "server_name",
  outcome: "outcome",
  verdict: "verdict",
  classification: "data_classification",
  redactions: "redaction_count",
};

/** The sort key's column, or a constant for time order (whose key is time itself). */
export function sortKeyColumn(sort: EventSort): ChFragment {
  return sort === "time"
    ? chsql`CAST(NULL AS Nullable(String))`
    : chsql`${ident(SORT_COLUMNS[sort])}`;
}

/**
 * ORDER BY of db/store/event-sort.ts. ClickHouse compares strings by bytes and puts NULLs last
 * in both directions unless told otherwise; `NULLS LAST` says so anyway.
 */
export function orderBy(sort: EventSort, order: SortOrder): ChFragment {
  const dir = order === "desc" ? chsql`DESC` : chsql`ASC`;
  if (sort === "time") return chsql`ORDER BY time_ms ${dir}, id ${dir}`;
  return chsql`ORDER BY ${sortKeyColumn(sort)} ${dir} NULLS LAST, time_ms DESC, id DESC`;
}

/** Rows after the cursor in that order (the mirror of db/store/sql/event-page.ts). */
export function afterCursor(sort: EventSort, order: SortOrder, c: Cursor): ChFragment {
  const t = Date.parse(c.time);
  if (sort === "time")
    return order === "desc"
      ? chsql`(time_ms < ${t} OR (time_ms = ${t} AND id < ${c.id}))`
      : chsql`(time_ms > ${t} OR (time_ms = ${t} AND id > ${c.id}))`;
  const column = sortKeyColumn(sort);
  const olderTie = chsql`(time_ms < ${t} OR (time_ms = ${t} AND id < ${c.id}))`;
  if (c.value === null) return chsql`(${column} IS NULL AND ${olderTie})`;
  const v =
    SORT_KINDS[sort] === "number" ? exactNumber(Number(c.value)) : chsql`${String(c.value)}`;
  const beyond = order === "desc" ? chsql`${column} < ${v}` : chsql`${column} > ${v}`;
  return chsql`(${beyond} OR (${column} = ${v} AND ${olderTie}) OR ${column} IS NULL)`;
}

/**
 * A number exactly as the cursor holds it. 18.16 parses some decimal float literals one unit in
 * the last place off, which would make a duration unequal to itself and skip or repeat rows; the
 * IEEE 754 bytes arrive intact. Integers are exact as literals.
 */
function exactNumber(n: number): ChFragment {
  if (Number.isSafeInteger(n)) return chsql`${n}`;
  const bytes = Buffer.alloc(8);
  bytes.writeDoubleLE(n);
  return chsql`reinterpretAsFloat64(unhex(${bytes.toString("hex")}))`;
}
