import { sql } from "drizzle-orm";
import { events } from "../../schema/events";
import { planTiers } from "../rollups";
import { GRAIN_MS } from "../tiers";
import type { Dimension, EventFilter, TimeBucket, TopEntry } from "../types";
import { type Db, queryRows } from "./database";
import { DIMENSION_COLUMNS } from "./event-filter";
import { rawWhere, rollupColumn, SQL_COUNT_ROLLUPS, tierBranches, unionAll } from "./tier-parts";

type N = string | number;

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
  const branches = tierBranches(
    tenantId,
    f,
    plan,
    (table, where, grain) => {
      const perBucket = (seconds * 1000) / GRAIN_MS[grain];
      const unit = sql.identifier(grain);
      // Rollups keep a missing value as ''; it reads back as null like the raw column.
      const key = by ? sql`nullif(${rollupColumn(by)}, '')` : sql`null::text`;
      return sql`SELECT floor(${unit} / ${perBucket})::bigint * ${seconds} AS b, ${key} AS k, sum(n) AS n
                 FROM ${table} WHERE ${where} GROUP BY 1, 2`;
    },
    (parts) => {
      const key = by ? sql`${DIMENSION_COLUMNS[by]}` : sql`null::text`;
      return sql`SELECT (floor(extract(epoch from ${events.time}) / ${seconds}) * ${seconds})::bigint AS b,
                   ${key} AS k, count(*) AS n FROM ${events} WHERE ${rawWhere(tenantId, f, parts)} GROUP BY 1, 2`;
    },
  );
  if (branches.length === 0) return [];
  const rows = await queryRows<{ b: N; k: string | null; n: N }>(
    db,
    sql`SELECT b, k, sum(n) AS n FROM (${unionAll(branches, sql``)}) tiers
        GROUP BY 1, 2 HAVING sum(n) > 0 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ start: new Date(Number(r.b) * 1000), key: r.k, count: Number(r.n) }));
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
  const branches = tierBranches(
    tenantId,
    f,
    plan,
    (table, where) => {
      const col = rollupColumn(by);
      return sql`SELECT ${col} AS k, sum(n) AS n FROM ${table} WHERE ${where} AND ${col} <> '' GROUP BY 1`;
    },
    (parts) => {
      const col = DIMENSION_COLUMNS[by];
      return sql`SELECT ${col} AS k, count(*) AS n FROM ${events}
                 WHERE ${rawWhere(tenantId, f, parts)} AND ${col} IS NOT NULL GROUP BY 1`;
    },
  );
  if (branches.length === 0) return [];
  const rows = await queryRows<{ k: string; n: N }>(
    db,
    sql`SELECT k, sum(n) AS n FROM (${unionAll(branches, sql``)}) tiers
        GROUP BY 1 HAVING sum(n) > 0 ORDER BY 2 DESC, 1 ASC LIMIT ${limit}`,
  );
  return rows.map((r) => ({ key: r.k, count: Number(r.n) }));
}
