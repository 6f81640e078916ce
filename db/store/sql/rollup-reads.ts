import { type SQL, sql } from "drizzle-orm";
import { rollupHourly, rollupHourlyActors, rollupHourlyClients } from "../../schema";
import type { RollupName } from "../rollups";
import type { Dimension, EventFilter, TimeBucket, TopEntry } from "../types";
import { type Db, queryRows } from "./database";
import { DIMENSION_COLUMNS } from "./event-filter";

const TABLES = {
  rollup_hourly: rollupHourly,
  rollup_hourly_clients: rollupHourlyClients,
  rollup_hourly_actors: rollupHourlyActors,
} as const;

const HOUR_MS = 3_600_000;

/** A rollup column has the events column's name. */
const col = (d: Dimension) => sql.identifier(DIMENSION_COLUMNS[d].name);

/** The tenant first, then the hours and dimensions of the filter (pickRollup vouched for them). */
function where(tenantId: string, f: EventFilter): SQL {
  const terms: SQL[] = [sql`tenant_id = ${tenantId}`];
  if (f.from) terms.push(sql`hour >= ${f.from.getTime() / HOUR_MS}`);
  if (f.to) terms.push(sql`hour < ${f.to.getTime() / HOUR_MS}`);
  for (const d of Object.keys(DIMENSION_COLUMNS) as Dimension[]) {
    const values = f[d];
    if (values && values.length > 0)
      terms.push(
        sql`${col(d)} IN (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`,
      );
  }
  return sql.join(terms, sql` AND `);
}

export async function rollupCount(db: Db, name: RollupName, tenantId: string, f: EventFilter) {
  const [row] = await queryRows<{ n: string | number | null }>(
    db,
    sql`SELECT sum(n) AS n FROM ${TABLES[name]} WHERE ${where(tenantId, f)}`,
  );
  return Number(row?.n ?? 0);
}

export async function rollupSeries(
  db: Db,
  name: RollupName,
  tenantId: string,
  f: EventFilter,
  bucketSeconds: number,
  by?: Dimension,
): Promise<TimeBucket[]> {
  const hours = bucketSeconds / 3600;
  const key = by ? sql`nullif(${col(by)}, '')` : sql`null::text`;
  const rows = await queryRows<{ b: string | number; k: string | null; n: string | number }>(
    db,
    sql`SELECT floor(hour / ${hours})::bigint * ${bucketSeconds} AS b, ${key} AS k, sum(n) AS n
        FROM ${TABLES[name]} WHERE ${where(tenantId, f)} GROUP BY 1, 2 HAVING sum(n) > 0 ORDER BY 1, 2`,
  );
  return rows.map((r) => ({ start: new Date(Number(r.b) * 1000), key: r.k, count: Number(r.n) }));
}

export async function rollupTop(
  db: Db,
  name: RollupName,
  tenantId: string,
  f: EventFilter,
  by: Dimension,
  limit: number,
): Promise<TopEntry[]> {
  const rows = await queryRows<{ k: string; n: string | number }>(
    db,
    sql`SELECT ${col(by)} AS k, sum(n) AS n FROM ${TABLES[name]}
        WHERE ${where(tenantId, f)} AND ${col(by)} <> '' GROUP BY 1 HAVING sum(n) > 0
        ORDER BY 2 DESC, 1 ASC LIMIT ${limit}`,
  );
  return rows.map((r) => ({ key: r.k, count: Number(r.n) }));
}
