import { z } from "zod";
import type { StoredEvent } from "../../../lib/core/contract";
import { chsql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import { type Cursor, decodeCursor, encodeCursor } from "../cursor";
import type { EventPage, EventQuery } from "../types";
import { afterCursor, orderBy, sortKeyColumn } from "./ch-event-sort";
import { eventWhere, list } from "./ch-filter";
import { DOC, docRow, toStoredEvent } from "./ch-rows";
import type { ChTables } from "./ch-tenant-store";

const int = z.coerce.number();
const keyRow = z.object({
  k: z.union([z.string(), z.number(), z.null()]),
  time_ms: int,
  id: z.string(),
});

/**
 * Two steps, so a page never reads more documents than it shows: the page's keys come from the
 * narrow columns (sort key, time, id, filters), then only those rows' documents are read, by
 * primary key. Order and tie-breakers: db/store/event-sort.ts.
 */
export async function chListEvents(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  q: EventQuery,
): Promise<EventPage> {
  const sort = q.sort ?? "time";
  const order = q.order === "asc" ? "asc" : "desc";
  const cursor = q.cursor ? decodeCursor(q.cursor, { sort, order }) : null;
  const filter = eventWhere(tenantId, q);
  const where = cursor ? chsql`${filter} AND ${afterCursor(sort, order, cursor)}` : filter;
  const keys: z.infer<typeof keyRow>[] = [];
  // Newest first, a page is usually found in the latest day: scan widening windows back in
  // time instead of the whole range (older servers cannot read in primary-key order). Any other
  // order needs every row of the range: one filtered scan of the narrow columns.
  const windows = sort === "time" && order === "desc" ? newestFirstWindows(q, cursor) : [null];
  for (const w of windows) {
    const within = w ? chsql` AND time_ms >= ${w.from} AND time_ms < ${w.to}` : chsql``;
    keys.push(
      ...(await ch.query(
        // LIMIT 1 BY: a replayed row is stored twice until a merge; it is one event.
        chsql`SELECT ${sortKeyColumn(sort)} AS k, time_ms, id FROM ${t.events} WHERE ${where}${within} ${orderBy(sort, order)} LIMIT 1 BY time_ms, id LIMIT ${q.limit + 1 - keys.length}`,
        keyRow,
      )),
    );
    if (keys.length > q.limit) break;
  }
  const page = keys.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor =
    keys.length > q.limit && last
      ? encodeCursor({
          sort,
          order,
          value: sort === "time" ? null : last.k,
          time: new Date(last.time_ms).toISOString(),
          id: last.id,
        })
      : null;
  const docs = await docsAt(ch, t, tenantId, page);
  const events = page.flatMap((k) => {
    const d = docs.get(`${k.time_ms}\u0000${k.id}`);
    return d ? [toStoredEvent(d)] : [];
  });
  return { events, nextCursor };
}

export async function chGetEvent(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  id: string,
): Promise<StoredEvent | null> {
  // event_ids is ordered by id: it gives the time, and the time finds the row by primary key.
  const times = await ch.query(
    chsql`SELECT DISTINCT time_ms FROM ${t.eventIds} WHERE tenant_id = ${tenantId} AND id = ${id}`,
    z.object({ time_ms: int }),
  );
  const docs = await docsAt(
    ch,
    t,
    tenantId,
    times.map((t) => ({ time_ms: t.time_ms, id })),
  );
  const [first] = docs.values();
  return first ? toStoredEvent(first) : null;
}

async function docsAt(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  keys: { time_ms: number; id: string }[],
) {
  const out = new Map<string, z.infer<typeof docRow>>();
  if (keys.length === 0) return out;
  const times = keys.map((k) => k.time_ms);
  const rows = await ch.query(
    // A replayed row is the same row: any one copy will do, without FINAL's merge on read.
    chsql`SELECT ${DOC} FROM ${t.events} WHERE tenant_id = ${tenantId}
          AND time_ms >= ${Math.min(...times)} AND time_ms <= ${Math.max(...times)}
          AND id IN ${list(keys.map((k) => k.id))} AND time_ms IN ${list(times)} LIMIT 1 BY time_ms, id`,
    docRow,
  );
  for (const r of rows) out.set(`${r.time_ms}\u0000${r.id}`, r);
  return out;
}

const DAY = 86_400_000;

/** Adjacent windows from the page's upper time bound back to its lower one (or the first event). */
function newestFirstWindows(q: EventQuery, c: Cursor | null): { from: number; to: number }[] {
  const cursor = c ? Date.parse(c.time) + 1 : Number.POSITIVE_INFINITY;
  // Events are at most a day in the future (the contract's bound), so now + 1 day tops them all.
  const upper = Math.min(q.to?.getTime() ?? Date.now() + DAY + 1, cursor);
  const lower = q.from?.getTime() ?? 0;
  const windows: { from: number; to: number }[] = [];
  let to = upper;
  for (const width of [DAY + 3_600_000, 7 * DAY, 30 * DAY]) {
    const from = Math.max(lower, to - width);
    if (from >= to) break;
    windows.push({ from, to });
    to = from;
  }
  if (to > lower) windows.push({ from: lower, to });
  return windows;
}
