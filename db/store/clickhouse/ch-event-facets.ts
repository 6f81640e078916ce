import { z } from "zod";
import { type ChFragment, chsql, ident, joinSql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import {
  type EventFacets,
  type EventTotal,
  type FacetCounts,
  type FacetQuery,
  liftDimensionTerms,
  toFacet,
} from "../event-facets";
import { planTiers, type TierPlan } from "../rollups";
import type { Dimension, EventFilter } from "../types";
import { DIMENSION_COLUMNS, eventWhere } from "./ch-filter";
import { chRawEvents } from "./ch-raw-source";
import type { ChTables } from "./ch-tenant-store";
import { CH_COUNT_ROLLUPS, chTierUnion } from "./ch-tiers";

const int = z.coerce.number();

/**
 * MCP traffic as every event less Tooltrail's own, counted once over the range and subtracted
 * (as on the SQL stores, sql/event-facets.ts); one row per own event as FINAL would keep it,
 * without FINAL over the range (ch-own-correction.ts).
 */
function split(f: EventFilter): { every: EventFilter; own: EventFilter | null } {
  if (f.activity !== "mcp") return { every: f, own: null };
  const { activity: _, ...every } = f;
  return { every, own: { ...f, activity: "dashboard" } };
}

function ownEvents(t: ChTables, tenantId: string, own: EventFilter, column: ChFragment) {
  return chsql`SELECT any(${column}) AS v FROM ${t.events} WHERE ${eventWhere(tenantId, own)}
      GROUP BY tenant_id, time_ms, id`;
}

/** A count over the hourly rollups and raw edges of a plan that has a rollup family: exact. */
async function tieredCount(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  plan: TierPlan,
): Promise<number> {
  const { every, own } = split(f);
  const u = chTierUnion(
    t,
    tenantId,
    every,
    plan,
    (table, where) => chsql`SELECT toInt64(sum(n)) AS n FROM ${table} WHERE ${where}`,
    (where) => chsql`SELECT toInt64(count()) AS n FROM ${chRawEvents(t, every)} WHERE ${where}`,
  );
  if (!u) return 0;
  const less = own
    ? chsql` UNION ALL SELECT -toInt64(count()) AS n FROM (${ownEvents(t, tenantId, own, chsql`1`)})`
    : chsql``;
  const [row] = await ch.query(chsql`SELECT sum(n) AS n FROM (${u}${less})`, z.object({ n: int }));
  return row?.n ?? 0;
}

/**
 * One dimension's top values and how many events have one, over the tiers of a plan: exact.
 * 18.16 has no window functions, so the events with a value are a second row (t = 1).
 */
async function tieredCounts(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  plan: TierPlan,
  by: Dimension,
  limit: number,
): Promise<FacetCounts> {
  const col = ident(DIMENSION_COLUMNS[by]);
  const { every, own } = split(f);
  const u = chTierUnion(
    t,
    tenantId,
    every,
    plan,
    (table, where) =>
      chsql`SELECT ${col} AS k, toInt64(sum(n)) AS n FROM ${table} WHERE ${where} AND ${col} != '' GROUP BY k`,
    (where) =>
      chsql`SELECT assumeNotNull(${col}) AS k, toInt64(count()) AS n FROM ${chRawEvents(t, every, [by])}
            WHERE ${where} AND isNotNull(${col}) GROUP BY k`,
  );
  if (!u) return { top: [], present: 0 };
  const less = own
    ? chsql` UNION ALL SELECT assumeNotNull(v) AS k, -toInt64(count()) AS n
        FROM (${ownEvents(t, tenantId, own, chsql`${col}`)}) WHERE isNotNull(v) GROUP BY k`
    : chsql``;
  const grouped = chsql`SELECT k, sum(n) AS c FROM (${u}${less}) GROUP BY k HAVING c > 0`;
  const rows = await ch.query(
    chsql`SELECT 0 AS t, k, c FROM (${grouped} ORDER BY c DESC, k ASC LIMIT ${limit})
          UNION ALL SELECT 1 AS t, '' AS k, sum(c) AS c FROM (${grouped})`,
    z.object({ t: int, k: z.string(), c: int }),
  );
  const top = rows.filter((r) => r.t === 0).sort((a, b) => b.c - a.c || cmp(a.k, b.k));
  return {
    top: top.map((r) => ({ key: r.k, count: r.c })),
    present: rows.find((r) => r.t === 1)?.c ?? 0,
  };
}

/** Byte order of UTF-8, as ClickHouse orders strings (UNION ALL keeps no order). */
const cmp = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const HOUR_MS = 3_600_000;

/**
 * The newest part of the range that holds at least `sample` matching events, or all of it: the
 * events are ordered by time (migration 1), so a short window reads few granules, where ordering
 * the whole range by time to keep the newest would read (and FINAL merge) all of it. Windows grow
 * eightfold from an hour; each probe stops counting at `sample`.
 */
async function newestWindow(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  sample: number,
): Promise<EventFilter> {
  if (!f.to) return f;
  const to = f.to.getTime();
  const from = f.from?.getTime() ?? Number.NEGATIVE_INFINITY;
  for (let span = HOUR_MS; to - span > from; span *= 8) {
    const window = { ...f, from: new Date(to - span) };
    const [row] = await ch.query(
      chsql`SELECT count() AS n FROM (SELECT 1 FROM ${chRawEvents(t, window)} WHERE ${eventWhere(tenantId, window)} LIMIT ${sample})`,
      z.object({ n: int }),
    );
    if ((row?.n ?? 0) >= sample) return window;
    if (span > 100 * 365 * 24 * HOUR_MS) break;
  }
  return f;
}

/**
 * The newest `sample` raw events of the filter, counted once and per value of each dimension in one
 * scan: rows per combination of the dimensions, then per dimension (ARRAY JOIN), with the events
 * that have no value first and the total as a last pseudo-dimension.
 */
async function cappedCounts(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  dims: readonly Dimension[],
  limit: number,
  sample: number,
): Promise<{ read: number; counts: FacetCounts[] }> {
  const w = await newestWindow(ch, t, tenantId, f, sample);
  const names = [...new Set(dims.map((d) => DIMENSION_COLUMNS[d]))];
  const cols = names.map((c) => chsql`${ident(c)}`);
  const list = cols.length > 0 ? joinSql(cols, chsql`, `) : chsql`1 AS one`;
  const pairs = joinSql(
    [
      ...dims.map((d, i) => {
        const c = ident(DIMENSION_COLUMNS[d]);
        return chsql`(${i}, isNull(${c}), ifNull(${c}, ''))`;
      }),
      chsql`(${dims.length}, 1, '')`,
    ],
    chsql`, `,
  );
  const newest = chsql`SELECT ${list} FROM ${chRawEvents(t, w, [...dims])}
      WHERE ${eventWhere(tenantId, w)} ORDER BY time_ms DESC LIMIT ${sample}`;
  const perCombination =
    cols.length > 0
      ? chsql`SELECT ${list}, count() AS n FROM (${newest}) GROUP BY ${joinSql(cols, chsql`, `)}`
      : chsql`SELECT count() AS n FROM (${newest})`;
  const rows = await ch.query(
    chsql`SELECT d, m, k, c FROM (
        SELECT tupleElement(p, 1) AS d, tupleElement(p, 2) AS m, tupleElement(p, 3) AS k, sum(n) AS c
        FROM (${perCombination}) ARRAY JOIN [${pairs}] AS p GROUP BY d, m, k
      ) ORDER BY d, m DESC, c DESC, k ASC LIMIT ${limit + 1} BY d`,
    z.object({ d: int, m: int, k: z.string(), c: int }),
  );
  const read = rows.find((r) => r.d === dims.length)?.c ?? 0;
  const counts = dims.map((_, i) => {
    const mine = rows.filter((r) => r.d === i);
    const missing = mine.find((r) => r.m === 1)?.c ?? 0;
    const top = mine.filter((r) => r.m === 0 && r.c > 0).slice(0, limit);
    return { top: top.map((r) => ({ key: r.k, count: r.c })), present: read - missing };
  });
  return { read, counts };
}

export async function chCountUpTo(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  filter: EventFilter,
  cap: number,
): Promise<EventTotal> {
  const f = liftDimensionTerms(filter);
  const plan = planTiers(f, [], CH_COUNT_ROLLUPS);
  if (plan.parts.length === 0) return { count: 0, exact: true };
  if (plan.family) return { count: await tieredCount(ch, t, tenantId, f, plan), exact: true };
  return cappedCount(ch, t, tenantId, f, cap);
}

/** Raw events of the filter counted no further than `cap`. */
async function cappedCount(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  cap: number,
): Promise<EventTotal> {
  const [row] = await ch.query(
    chsql`SELECT count() AS n FROM (SELECT 1 FROM ${chRawEvents(t, f)} WHERE ${eventWhere(tenantId, f)} LIMIT ${cap})`,
    z.object({ n: int }),
  );
  const n = row?.n ?? 0;
  return { count: n, exact: n < cap };
}

/** The explorer's facets and total on ClickHouse, planned as on the SQL stores (sql/event-facets.ts). */
export async function chFacets(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  filter: EventFilter,
  q: FacetQuery,
): Promise<EventFacets> {
  const f = liftDimensionTerms(filter);
  const totalPlan = planTiers(f, [], CH_COUNT_ROLLUPS);
  if (totalPlan.parts.length === 0)
    return {
      total: { count: 0, exact: true },
      facets: q.dimensions.map((d) => toFacet(d, { top: [], present: 0 }, 0, null)),
    };
  const plans = q.dimensions.map((d) => planTiers(f, [d], CH_COUNT_ROLLUPS));
  const rawDims = q.dimensions.filter((_, i) => !plans[i]?.family);
  const [exactTotal, tiered, raw] = await Promise.all([
    totalPlan.family ? tieredCount(ch, t, tenantId, f, totalPlan) : null,
    Promise.all(
      q.dimensions.map((d, i) => {
        const plan = plans[i] as TierPlan;
        return plan.family ? tieredCounts(ch, t, tenantId, f, plan, d, q.limit) : null;
      }),
    ),
    rawDims.length > 0 || !totalPlan.family
      ? cappedCounts(ch, t, tenantId, f, rawDims, q.limit, q.sample)
      : null,
  ]);
  const read = raw?.read ?? 0;
  const sample = raw && read >= q.sample ? read : null;
  const total: EventTotal =
    exactTotal !== null
      ? { count: exactTotal, exact: true }
      : sample === null
        ? { count: read, exact: true }
        : await cappedCount(ch, t, tenantId, f, Math.max(q.cap, q.sample));
  return {
    total,
    facets: q.dimensions.map((d, i) => {
      const exact = tiered[i];
      if (exact) return toFacet(d, exact, total.count, null);
      const counts = raw?.counts[rawDims.indexOf(d)] ?? { top: [], present: 0 };
      return toFacet(d, counts, sample ?? total.count, sample);
    }),
  };
}
