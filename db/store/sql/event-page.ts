import { and, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { StoredEvent } from "../../../lib/core/contract";
import { events } from "../../schema";
import { type Cursor, decodeCursor, encodeCursor } from "../cursor";
import { type EventSort, SORT_KINDS, type SortOrder, type SortValue } from "../event-sort";
import type { EventPage, EventQuery } from "../types";
import type { Db } from "./database";
import { eventConditions } from "./event-filter";

const SORT_COLUMNS: Record<Exclude<EventSort, "time">, PgColumn> = {
  duration_ms: events.durationMs,
  actor: events.actorId,
  tool: events.tool,
  server: events.serverName,
  outcome: events.outcome,
  verdict: events.verdict,
  classification: events.dataClassification,
  redactions: events.redactionCount,
};

/** Ids and text keys compare by bytes, as ClickHouse does, whatever the database's locale. */
const ID = sql`${events.id} COLLATE "C"`;

type PageRow = {
  doc: string;
  writerId: string;
  batchSeq: number;
  leafIndex: number;
  time: Date;
  id: string;
  key: SortValue;
};

/**
 * One keyset page in the order of db/store/event-sort.ts. Time order is served by the
 * (tenant_id, time, id) index (an incremental sort puts same-millisecond ids in byte order);
 * other keys are a filtered scan of the range with a top-N sort, never an offset.
 */
export async function sqlListEvents(db: Db, tenantId: string, q: EventQuery): Promise<EventPage> {
  const sort = q.sort ?? "time";
  const order: SortOrder = q.order === "asc" ? "asc" : "desc";
  const cursor = q.cursor ? decodeCursor(q.cursor, { sort, order }) : null;
  const key = sort === "time" ? null : sortKey(sort);
  const rows = await db
    .select({
      doc: sql<string>`${events.doc}::text`,
      writerId: events.writerId,
      batchSeq: events.batchSeq,
      leafIndex: events.leafIndex,
      time: events.time,
      id: events.id,
      key: key
        ? sql<SortValue>`${SORT_COLUMNS[sort as Exclude<EventSort, "time">]}`
        : sql<null>`null`,
    })
    .from(events)
    .where(
      and(
        eventConditions(tenantId, q),
        cursor ? (key ? afterKey(key, order, cursor) : afterTime(order, cursor)) : undefined,
      ),
    )
    .orderBy(...(key ? keyOrder(key, order) : timeOrder(order)))
    .limit(q.limit + 1);
  const page = (rows as PageRow[]).slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > q.limit && last
      ? encodeCursor({
          sort,
          order,
          value: key ? keyValue(last.key, SORT_KINDS[sort as Exclude<EventSort, "time">]) : null,
          time: last.time.toISOString(),
          id: last.id,
        })
      : null;
  return { events: page.map(toStoredEvent), nextCursor };
}

function toStoredEvent(r: PageRow): StoredEvent {
  const doc = JSON.parse(r.doc) as StoredEvent;
  doc.integrity = { writer_id: r.writerId, batch_seq: Number(r.batchSeq), leaf_index: r.leafIndex };
  return doc;
}

/** node-postgres may hand numbers back as text (bigint, numeric): the cursor holds numbers. */
function keyValue(v: SortValue, kind: "number" | "text"): SortValue {
  if (v === null) return null;
  return kind === "number" ? Number(v) : String(v);
}

type Key = { expr: SQL; column: PgColumn };

function sortKey(sort: Exclude<EventSort, "time">): Key {
  const column = SORT_COLUMNS[sort];
  return {
    column,
    expr: SORT_KINDS[sort] === "text" ? sql`${column} COLLATE "C"` : sql`${column}`,
  };
}

function timeOrder(order: SortOrder): SQL[] {
  return order === "desc"
    ? [sql`${events.time} DESC`, sql`${ID} DESC`]
    : [sql`${events.time} ASC`, sql`${ID} ASC`];
}

function keyOrder(key: Key, order: SortOrder): SQL[] {
  const dir = order === "desc" ? sql`DESC` : sql`ASC`;
  return [sql`${key.expr} ${dir} NULLS LAST`, sql`${events.time} DESC`, sql`${ID} DESC`];
}

/**
 * Rows after the cursor in time order. The time bound alone is written out so the index range
 * starts at the cursor; the rest is a filter on the rows of that one millisecond.
 */
function afterTime(order: SortOrder, c: Cursor): SQL {
  const t = new Date(c.time);
  return order === "desc"
    ? sql`(${events.time} <= ${t} AND (${events.time} < ${t} OR ${ID} < ${c.id}))`
    : sql`(${events.time} >= ${t} AND (${events.time} > ${t} OR ${ID} > ${c.id}))`;
}

/** Rows after the cursor in key order: greater/lesser key, same key and older, then NULLs. */
function afterKey(key: Key, order: SortOrder, c: Cursor): SQL {
  const t = new Date(c.time);
  const olderTie = sql`(${events.time} < ${t} OR (${events.time} = ${t} AND ${ID} < ${c.id}))`;
  if (c.value === null) return sql`(${key.column} IS NULL AND ${olderTie})`;
  const beyond = order === "desc" ? sql`${key.expr} < ${c.value}` : sql`${key.expr} > ${c.value}`;
  return sql`(${beyond} OR (${key.column} = ${c.value} AND ${olderTie}) OR ${key.column} IS NULL)`;
}
