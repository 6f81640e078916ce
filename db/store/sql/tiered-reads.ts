import { type SQL, sql } from "drizzle-orm";
import { planTiers, type TierPlan } from "../rollups";
import { GRAIN_MS } from "../tiers";
import type { Dimension, EventFilter, TimeBucket, TopEntry } from "../types";
import type { Db } from "./database";
import { DIMENSION_COLUMNS } from "./event-filter";
import { RAW, rawRead } from "./raw-batch";
import { rawTimeWhere, rollupColumn, SQL_COUNT_ROLLUPS, tierBranches } from "./tier-parts";

type N = string | number;

/** The raw parts of a plan, which read the batched raw rows `e` (raw-batch.ts). */
export const rawParts = (plan: TierPlan) => plan.parts.filter((p) => p.source === "raw");

/**
 * Calls per time bucket (optionally per dimension value): whole days and hours from rollups where
 * a row fits in one bucket, the rest from raw events, summed per bucket (db/store/tiers.ts).
 */
export async function tieredSeries(
  db: Db,
  tenantId: string,
  f: EventFilter,
  seconds: number,
  by?: Dimension,
): Promise<TimeBucket[]> {
  const plan = planTiers(f, by ? [by] : [], SQL_COUNT_ROLLUPS, seconds);
  if (plan.parts.length === 0) return [];
  const column = by ? DIMENSION_COLUMNS[by] : null;
  const branches = tierBranches(
    tenantId,
    f,
    plan,
    (table, where, grain) => {
      const perBucket = (seconds * 1000) / GRAIN_MS[grain];
      // Rollups keep a missing value as ''; it reads back as null like the raw column.
      const key = by ? sql`nullif(${rollupColumn(by)}, '')` : sql`null::text`;
      return sql`SELECT floor(${sql.identifier(grain)} / ${perBucket})::bigint * ${seconds} AS b,
                   ${key} AS k, sum(n) AS n FROM ${table} WHERE ${where} GROUP BY 1, 2`;
    },
    (parts) => {
      const key = column ? sql.identifier(column.name) : sql`null::text`;
      return sql`SELECT (floor(extract(epoch from "time") / ${seconds}) * ${seconds})::bigint AS b,
                   ${key} AS k, count(*) AS n FROM ${RAW} WHERE ${rawTimeWhere("e", parts)} GROUP BY 1, 2`;
    },
  );
  const json = await rawRead(
    db,
    tenantId,
    f,
    rawParts(plan),
    column ? [column] : [],
    jsonRows(
      sql`json_build_array(b, k, n) ORDER BY b, k`,
      sql`SELECT b, k, sum(n) AS n FROM (${union(branches)}) tiers GROUP BY 1, 2 HAVING sum(n) > 0`,
    ),
  );
  return (JSON.parse(json) as [N, string | null, N][]).map(([b, k, n]) => ({
    start: new Date(Number(b) * 1000),
    key: k,
    count: Number(n),
  }));
}

/** The most frequent values of a dimension, counted over the tiers of the range. */
export async function tieredTop(
  db: Db,
  tenantId: string,
  f: EventFilter,
  by: Dimension,
  limit: number,
): Promise<TopEntry[]> {
  const plan = planTiers(f, [by], SQL_COUNT_ROLLUPS);
  if (plan.parts.length === 0) return [];
  const column = DIMENSION_COLUMNS[by];
  const branches = tierBranches(
    tenantId,
    f,
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
  const json = await rawRead(
    db,
    tenantId,
    f,
    rawParts(plan),
    [column],
    jsonRows(
      sql`json_build_array(k, n) ORDER BY n DESC, k ASC`,
      sql`SELECT k, sum(n) AS n FROM (${union(branches)}) tiers
          GROUP BY 1 HAVING sum(n) > 0 ORDER BY 2 DESC, 1 ASC LIMIT ${limit}`,
    ),
  );
  return (JSON.parse(json) as [string, N][]).map(([key, n]) => ({ key, count: Number(n) }));
}

const union = (branches: SQL[]) => sql.join(branches, sql` UNION ALL `);

/** A scalar subquery: the rows of `from` as a JSON array (text) of `item`, '[]' when none. */
export function jsonRows(item: SQL, from: SQL): SQL {
  return sql`SELECT coalesce(json_agg(${item}), '[]')::text FROM (${from}) x`;
}
