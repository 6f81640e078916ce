import { type SQL, sql } from "drizzle-orm";
import { rollupHourly, rollupHourlyActors, rollupHourlyClients } from "../../schema";
import { ROLLUP_DIMENSIONS, type RollupName } from "../rollups";
import type { Dimension, EventFilter } from "../types";
import { type Db, queryRows } from "./database";
import { DIMENSION_COLUMNS, eventConditions } from "./event-filter";
import { correctedRollup } from "./own-correction";

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
  const w = where(tenantId, f);
  // MCP traffic only: the rollup less Tooltrail's own events of its rows (own-correction.ts).
  const from =
    f.activity === "mcp"
      ? correctedRollup(
          TABLES[name],
          "hour",
          ROLLUP_DIMENSIONS[name],
          w,
          eventConditions(tenantId, { ...f, activity: "dashboard" }),
        )
      : TABLES[name];
  const [row] = await queryRows<{ n: string | number | null }>(
    db,
    sql`SELECT sum(n) AS n FROM ${from} WHERE ${w}`,
  );
  return Number(row?.n ?? 0);
}
