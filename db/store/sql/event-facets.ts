import { type SQL, sql } from "drizzle-orm";
import { events } from "../../schema/events";
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
import { type Db, queryRows } from "./database";
import { DIMENSION_COLUMNS, eventConditions } from "./event-filter";
import { RAW, rawRead } from "./raw-batch";
import { rawTimeWhere, rollupColumn, SQL_COUNT_ROLLUPS, tierBranches } from "./tier-parts";
import { jsonRows, rawParts } from "./tiered-reads";

type N = string | number;

const union = (branches: SQL[]) => sql.join(branches, sql` UNION ALL `);

/**
 * MCP traffic as every event less Tooltrail's own, per value: the own events of the whole range
 * are few (a partial index finds them), so they are counted once and subtracted, instead of
 * correcting each rollup row (own-correction.ts), which costs the actor facet 3x.
 */
function split(f: EventFilter): { every: EventFilter; own: EventFilter | null } {
  if (f.activity !== "mcp") return { every: f, own: null };
  const { activity: _, ...every } = f;
  return { every, own: { ...f, activity: "dashboard" } };
}

/** A count over the tiers of a plan that has a rollup family: exact. */
function tieredCount(db: Db, tenantId: string, f: EventFilter, plan: TierPlan): Promise<number> {
  const { every, own } = split(f);
  const branches = tierBranches(
    tenantId,
    every,
    plan,
    (table, where) => sql`SELECT sum(n) AS n FROM ${table} WHERE ${where}`,
    (parts) => sql`SELECT count(*) AS n FROM ${RAW} WHERE ${rawTimeWhere("e", parts)}`,
  );
  if (own)
    branches.push(
      sql`SELECT -count(*) AS n FROM ${events} WHERE ${eventConditions(tenantId, own)}`,
    );
  return rawRead(
    db,
    tenantId,
    every,
    rawParts(plan),
    [],
    sql`SELECT coalesce(sum(n), 0)::text FROM (${union(branches)}) tiers`,
  ).then(Number);
}

/** One dimension's top values and how many events have one, over the tiers of the plan: exact. */
async function tieredCounts(
  db: Db,
  tenantId: string,
  f: EventFilter,
  plan: TierPlan,
  by: Dimension,
  limit: number,
): Promise<FacetCounts> {
  const column = DIMENSION_COLUMNS[by];
  const { every, own } = split(f);
  const branches = tierBranches(
    tenantId,
    every,
    plan,
    (table, where) => {
      const col = rollupColumn(by);
      return sql`SELECT ${col} AS k, sum(n) AS n FROM ${table} WHERE ${where} AND ${col} <> '' GROUP BY 1`;
    },
    (parts) => {
      const col = sql.identifier(column.name);
      return sql`SELECT ${col} AS k, count(*) AS n FROM ${RAW}
                 WHERE ${rawTimeWhere("e", parts)} AND ${col} IS NOT NULL GROUP BY 1`;
    },
  );
  if (own)
    branches.push(
      sql`SELECT ${column} AS k, -count(*) AS n FROM ${events}
          WHERE ${eventConditions(tenantId, own)} AND ${column} IS NOT NULL GROUP BY 1`,
    );
  // The window sums every value's count before the limit: the events that have one at all.
  const json = await rawRead(
    db,
    tenantId,
    every,
    rawParts(plan),
    [column],
    jsonRows(
      sql`json_build_array(k, n, present) ORDER BY n DESC, k ASC`,
      sql`SELECT k, n, sum(n) OVER () AS present FROM (
            SELECT k, sum(n) AS n FROM (${union(branches)}) tiers GROUP BY 1 HAVING sum(n) > 0
          ) g ORDER BY n DESC, k ASC LIMIT ${limit}`,
    ),
  );
  const rows = JSON.parse(json) as [string, N, N][];
  return {
    top: rows.map(([key, n]) => ({ key, count: Number(n) })),
    present: Number(rows[0]?.[2] ?? 0),
  };
}

/**
 * The newest `sample` raw events of the filter (time order, newest first, stopping there),
 * counted once and per value of each dimension in one statement.
 */
async function cappedCounts(
  db: Db,
  tenantId: string,
  f: EventFilter,
  dims: readonly Dimension[],
  limit: number,
  sample: number,
): Promise<{ read: number; counts: FacetCounts[] }> {
  const cols = [...new Set(dims.map((d) => DIMENSION_COLUMNS[d].name))];
  const select =
    cols.length > 0
      ? sql.join(
          cols.map((c) => sql.identifier(c)),
          sql`, `,
        )
      : sql`1`;
  const outputs = dims.map((d) => {
    const col = sql.identifier(DIMENSION_COLUMNS[d].name);
    return sql`(${jsonRows(
      sql`json_build_array(k, n, present) ORDER BY n DESC, k ASC`,
      sql`SELECT ${col} AS k, count(*) AS n, sum(count(*)) OVER () AS present FROM ${RAW}
          WHERE ${col} IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 ASC LIMIT ${limit}`,
    )})::json`;
  });
  const [row] = await queryRows<{ n: N; facets: string[] | string }>(
    db,
    sql`WITH ${RAW} AS (SELECT ${select} FROM ${events} WHERE ${eventConditions(tenantId, f)}
          ORDER BY ${events.time} DESC LIMIT ${sample})
        SELECT (SELECT count(*) FROM ${RAW}) AS n,
               ${outputs.length > 0 ? sql`json_build_array(${sql.join(outputs, sql`, `)})::text` : sql`'[]'`} AS facets`,
  );
  const lists = JSON.parse(String(row?.facets ?? "[]")) as [string, N, N][][];
  return {
    read: Number(row?.n ?? 0),
    counts: lists.map((rows) => ({
      top: rows.map(([key, n]) => ({ key, count: Number(n) })),
      present: Number(rows[0]?.[2] ?? 0),
    })),
  };
}

/**
 * Raw events of the filter counted no further than `cap`, newest first: the time index's order,
 * which stops at the cap, where the planner would otherwise scan the table from its start.
 */
async function cappedCount(db: Db, tenantId: string, f: EventFilter, cap: number) {
  const [row] = await queryRows<{ n: N }>(
    db,
    sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${events} WHERE ${eventConditions(tenantId, f)}
          ORDER BY ${events.time} DESC LIMIT ${cap}) capped`,
  );
  const n = Number(row?.n ?? 0);
  return { count: n, exact: n < cap };
}

/** countUpTo on the SQL stores: exact from rollups where a family answers, else capped. */
export async function sqlCountUpTo(
  db: Db,
  tenantId: string,
  filter: EventFilter,
  cap: number,
): Promise<EventTotal> {
  const f = liftDimensionTerms(filter);
  const plan = planTiers(f, [], SQL_COUNT_ROLLUPS);
  if (plan.parts.length === 0) return { count: 0, exact: true };
  if (plan.family) return { count: await tieredCount(db, tenantId, f, plan), exact: true };
  return cappedCount(db, tenantId, f, cap);
}

/**
 * The explorer's facets and total: each dimension (and the total) from the rollups that answer
 * the filter (with the query's plain dimension terms lifted into it), exactly; the dimensions no
 * rollup answers from one read of the newest `cap` raw events.
 */
export async function sqlFacets(
  db: Db,
  tenantId: string,
  filter: EventFilter,
  q: FacetQuery,
): Promise<EventFacets> {
  const f = liftDimensionTerms(filter);
  const totalPlan = planTiers(f, [], SQL_COUNT_ROLLUPS);
  if (totalPlan.parts.length === 0)
    return {
      total: { count: 0, exact: true },
      facets: q.dimensions.map((d) => toFacet(d, { top: [], present: 0 }, 0, null)),
    };
  const plans = q.dimensions.map((d) => planTiers(f, [d], SQL_COUNT_ROLLUPS));
  const rawDims = q.dimensions.filter((_, i) => !plans[i]?.family);
  const capped =
    rawDims.length > 0 || !totalPlan.family
      ? cappedCounts(db, tenantId, f, rawDims, q.limit, q.sample)
      : null;
  const [exactTotal, tiered, raw] = await Promise.all([
    totalPlan.family ? tieredCount(db, tenantId, f, totalPlan) : null,
    Promise.all(
      q.dimensions.map((d, i) => {
        const plan = plans[i] as TierPlan;
        return plan.family ? tieredCounts(db, tenantId, f, plan, d, q.limit) : null;
      }),
    ),
    capped,
  ]);
  const read = raw?.read ?? 0;
  // Raw dimensions were counted over `read` events: all of them unless the sample was filled.
  const sample = raw && read >= q.sample ? read : null;
  const total: EventTotal =
    exactTotal !== null
      ? { count: exactTotal, exact: true }
      : sample === null
        ? { count: read, exact: true }
        : await cappedCount(db, tenantId, f, Math.max(q.cap, q.sample));
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
