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
 * The top values of the dimensions one rollup family answers, over the tiers of a plan, in one
 * query (exact): its rows' dimensions (`''` for none, as the rollups keep it) are counted per
 * dimension and value (ARRAY JOIN), the events without a value first and the total as a last
 * pseudo-dimension, as cappedCounts does over raw events. 18.16 has no window functions.
 */
async function familyCounts(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  plan: TierPlan,
  dims: readonly Dimension[],
  limit: number,
): Promise<FacetCounts[]> {
  const cols = dims.map((d) => chsql`${ident(DIMENSION_COLUMNS[d])}`);
  const list = joinSql(cols, chsql`, `);
  const asText = joinSql(
    dims.map((d) => {
      const c = ident(DIMENSION_COLUMNS[d]);
      return chsql`ifNull(${c}, '') AS ${c}`;
    }),
    chsql`, `,
  );
  const { every, own } = split(f);
  const u = chTierUnion(
    t,
    tenantId,
    every,
    plan,
    (table, where) =>
      chsql`SELECT ${list}, toInt64(sum(n)) AS n FROM ${table} WHERE ${where} GROUP BY ${list}`,
    (where) =>
      chsql`SELECT ${asText}, toInt64(count()) AS n FROM ${chRawEvents(t, every, dims)}
            WHERE ${where} GROUP BY ${list}`,
  );
  if (!u) return dims.map(() => ({ top: [], present: 0 }));
  // Aliases differ from the columns, which the WHERE reads (an aggregate may not be there).
  const ownCols = joinSql(
    dims.map((d) => {
      const c = DIMENSION_COLUMNS[d];
      return chsql`ifNull(any(${ident(c)}), '') AS ${ident(`own_${c}`)}`;
    }),
    chsql`, `,
  );
  const renamed = joinSql(
    dims.map((d) => {
      const c = DIMENSION_COLUMNS[d];
      return chsql`${ident(`own_${c}`)} AS ${ident(c)}`;
    }),
    chsql`, `,
  );
  const less = own
    ? chsql` UNION ALL SELECT ${renamed}, -toInt64(count()) AS n FROM (
        SELECT ${ownCols} FROM ${t.events} WHERE ${eventWhere(tenantId, own)}
        GROUP BY tenant_id, time_ms, id) GROUP BY ${list}`
    : chsql``;
  const pairs = joinSql(
    [...cols.map((c, i) => chsql`(${i}, ${c} = '', ${c})`), chsql`(${dims.length}, 1, '')`],
    chsql`, `,
  );
  const rows = await ch.query(
    chsql`SELECT d, m, k, c FROM (
        SELECT tupleElement(p, 1) AS d, tupleElement(p, 2) AS m, tupleElement(p, 3) AS k, sum(n) AS c
        FROM (${u}${less}) ARRAY JOIN [${pairs}] AS p GROUP BY d, m, k HAVING c > 0
      ) ORDER BY d, m DESC, c DESC, k ASC LIMIT ${limit + 1} BY d`,
    z.object({ d: int, m: int, k: z.string(), c: int }),
  );
  return perDimension(rows, dims.length, limit).counts;
}

/** cappedCounts' and familyCounts' rows as counts per dimension, and the total. */
function perDimension(
  rows: { d: number; m: number; k: string; c: number }[],
  dims: number,
  limit: number,
): { read: number; counts: FacetCounts[] } {
  const read = rows.find((r) => r.d === dims)?.c ?? 0;
  const counts = Array.from({ length: dims }, (_, i) => {
    const mine = rows.filter((r) => r.d === i);
    const missing = mine.find((r) => r.m === 1)?.c ?? 0;
    const top = mine.filter((r) => r.m === 0 && r.c > 0).slice(0, limit);
    return { top: top.map((r) => ({ key: r.k, count: r.c })), present: read - missing };
  });
  return { read, counts };
}

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
  return perDimension(rows, dims.length, limit);
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
    tieredByFamily(ch, t, tenantId, f, q.dimensions, plans, q.limit),
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

/** Each dimension's exact counts where a rollup family answers it (one query per family), else null. */
async function tieredByFamily(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  dims: readonly Dimension[],
  plans: TierPlan[],
  limit: number,
): Promise<(FacetCounts | null)[]> {
  const out: (FacetCounts | null)[] = dims.map(() => null);
  const families = [...new Set(plans.map((p) => p.family))].filter((x) => x !== null);
  await Promise.all(
    families.map(async (family) => {
      const mine = dims.flatMap((_, i) => (plans[i]?.family === family ? [i] : []));
      const plan = plans[mine[0] as number] as TierPlan;
      const counts = await familyCounts(
        ch,
        t,
        tenantId,
        f,
        plan,
        mine.map((i) => dims[i] as Dimension),
        limit,
      );
      for (const [n, i] of mine.entries()) out[i] = counts[n] ?? null;
    }),
  );
  return out;
}
