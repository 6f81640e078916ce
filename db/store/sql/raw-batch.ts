import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { events } from "../../schema/events";
import type { TierPart } from "../tiers";
import type { EventFilter } from "../types";
import { type Db, queryRows } from "./database";
import { rawWhere } from "./tier-parts";

/**
 * Reads that need raw events of the same filter and times, issued together (a page's KPIs and
 * top lists, started by one Promise.all), share one scan: their outputs become scalar subqueries
 * of one statement over `e`, the rows the filter selects in those times, read once. A page of one
 * actor over 30 days otherwise fetches the same ~20,000 rows from the heap once per top list.
 * Reads with no raw part run alone.
 */
type Waiting = { columns: Set<string>; outputs: SQL[]; settle: Settle[] };
type Settle = { resolve(v: string): void; reject(e: unknown): void };

const waiting = new WeakMap<Db, Map<string, Waiting>>();

/** The raw part's alias: outputs read `e` (with the columns they asked for, and `time`). */
export const RAW = sql.identifier("e");

/**
 * Runs `output`, a scalar subquery returning text (e.g. JSON), possibly batched with others over
 * the same raw rows. `parts` are the raw parts the output reads from `e`; `columns` the events
 * columns it uses there.
 */
export function rawRead(
  db: Db,
  tenantId: string,
  f: EventFilter,
  parts: readonly TierPart[],
  columns: readonly PgColumn[],
  output: SQL,
): Promise<string> {
  if (parts.length === 0) return run(db, sql``, [output]).then((r) => r[0] as string);
  const spans = mergeSpans(parts);
  const key = JSON.stringify([tenantId, { ...f, from: undefined, to: undefined }, spans]);
  let byKey = waiting.get(db);
  if (!byKey) {
    byKey = new Map();
    waiting.set(db, byKey);
  }
  let batch = byKey.get(key);
  if (!batch) {
    const fresh: Waiting = { columns: new Set([events.time.name]), outputs: [], settle: [] };
    byKey.set(key, fresh);
    const queue = byKey;
    // Everything the same synchronous Promise.all starts is queued before this runs.
    queueMicrotask(() => {
      queue.delete(key);
      flush(db, tenantId, f, spans, fresh);
    });
    batch = fresh;
  }
  for (const c of columns) batch.columns.add(c.name);
  batch.outputs.push(output);
  const b = batch;
  return new Promise((resolve, reject) => b.settle.push({ resolve, reject }));
}

function flush(db: Db, tenantId: string, f: EventFilter, spans: TierPart[], b: Waiting): void {
  const columns = sql.join(
    [...b.columns].map((c) => sql.identifier(c)),
    sql`, `,
  );
  const cte = sql`WITH ${RAW} AS (SELECT ${columns} FROM ${events} WHERE ${rawWhere(tenantId, f, spans)}) `;
  run(db, cte, b.outputs).then(
    (values) => {
      for (const [i, s] of b.settle.entries()) s.resolve(values[i] as string);
    },
    (e) => {
      for (const s of b.settle) s.reject(e);
    },
  );
}

async function run(db: Db, prefix: SQL, outputs: SQL[]): Promise<string[]> {
  const cols = sql.join(
    outputs.map((o, i) => sql`(${o}) AS ${sql.identifier(`r${i}`)}`),
    sql`, `,
  );
  const [row] = await queryRows<Record<string, string>>(db, sql`${prefix}SELECT ${cols}`);
  return outputs.map((_, i) => row?.[`r${i}`] as string);
}

/** The raw parts as few disjoint spans (overlapping or touching ones joined). */
function mergeSpans(parts: readonly TierPart[]): TierPart[] {
  const lo = (p: TierPart) => p.from ?? Number.NEGATIVE_INFINITY;
  const hi = (p: TierPart) => p.to ?? Number.POSITIVE_INFINITY;
  const sorted = [...parts].sort((a, b) => lo(a) - lo(b));
  const out: TierPart[] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    if (last && lo(p) <= hi(last)) {
      if (hi(p) > hi(last)) last.to = p.to;
    } else out.push({ source: "raw", from: p.from, to: p.to });
  }
  return out;
}
