import { z } from "zod";
import { type ChFragment, chsql, ident, joinSql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import type { Dimension, EventFilter, TopEntry } from "../types";
import { DIMENSION_COLUMNS, eventWhere } from "./ch-filter";
import { chRawEvents } from "./ch-raw-source";
import type { ChTables } from "./ch-tenant-store";

type Ask = {
  dimension: Dimension;
  limit: number;
  resolve(v: TopEntry[]): void;
  reject(e: unknown): void;
};

const waiting = new WeakMap<ClickHouse, Map<string, Ask[]>>();
const row = z.object({ d: z.coerce.number(), k: z.string(), c: z.coerce.number() });

/**
 * Top lists of one filter read from raw rows, issued together (an actor page's four lists,
 * started by one Promise.all), share one scan: 18.16 cannot share a scan between queries, and
 * `FINAL` is most of each one's cost, so one query counts the rows per combination of the asked
 * columns and then per column (ARRAY JOIN). Ordering and limits stay in SQL, so each list is the
 * one its own query would return.
 */
export function chBatchedTopN(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  dimension: Dimension,
  limit: number,
): Promise<TopEntry[]> {
  const key = JSON.stringify([tenantId, f]);
  let byKey = waiting.get(ch);
  if (!byKey) {
    byKey = new Map();
    waiting.set(ch, byKey);
  }
  let asks = byKey.get(key);
  if (!asks) {
    const fresh: Ask[] = [];
    const queue = byKey;
    // Everything the same synchronous Promise.all starts is queued before this runs.
    queueMicrotask(() => {
      queue.delete(key);
      flush(ch, t, tenantId, f, fresh);
    });
    byKey.set(key, fresh);
    asks = fresh;
  }
  const mine = asks;
  return new Promise((resolve, reject) => mine.push({ dimension, limit, resolve, reject }));
}

function flush(ch: ClickHouse, t: ChTables, tenantId: string, f: EventFilter, asks: Ask[]) {
  const dims = [...new Set(asks.map((a) => a.dimension))];
  const limit = Math.max(...asks.map((a) => a.limit));
  const columns = dims.map((d) => chsql`${ident(DIMENSION_COLUMNS[d])}`);
  const pairs = joinSql(
    columns.map((c, i) => chsql`(${i}, toNullable(${c}))`),
    chsql`, `,
  );
  const q: ChFragment = chsql`SELECT d, k, sum(n) AS c FROM (
      SELECT ${joinSql(columns, chsql`, `)}, count() AS n FROM ${chRawEvents(t, f, dims)}
      WHERE ${eventWhere(tenantId, f)} GROUP BY ${joinSql(columns, chsql`, `)}
    ) ARRAY JOIN [${pairs}] AS p WHERE isNotNull(tupleElement(p, 2))
    GROUP BY tupleElement(p, 1) AS d, assumeNotNull(tupleElement(p, 2)) AS k
    ORDER BY d, c DESC, k ASC LIMIT ${limit} BY d`;
  ch.query(q, row).then(
    (rows) => {
      for (const a of asks) {
        const i = dims.indexOf(a.dimension);
        a.resolve(
          rows
            .filter((r) => r.d === i)
            .slice(0, a.limit)
            .map((r) => ({ key: r.k, count: r.c })),
        );
      }
    },
    (e) => {
      for (const a of asks) a.reject(e);
    },
  );
}
