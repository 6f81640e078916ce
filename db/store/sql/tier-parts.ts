import { and, gte, lt, or, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import {
  rollupDaily,
  rollupDailyActors,
  rollupDailyClients,
  rollupDailyDurations,
  rollupDailyOutcomes,
  rollupHourly,
  rollupHourlyActors,
  rollupHourlyClients,
  rollupHourlyDurations,
  rollupHourlyOutcomes,
} from "../../schema";
import { events } from "../../schema/events";
import { ROLLUP_FAMILIES, type RollupCatalog, type RollupFamily, type TierPlan } from "../rollups";
import { GRAIN_MS, type Grain, type TierPart } from "../tiers";
import type { Dimension, EventFilter } from "../types";
import { DIMENSION_COLUMNS, eventConditions } from "./event-filter";
import { correctedRollup } from "./own-correction";

/** Every rollup the SQL stores keep (migrations 0005, 0006), by family and grain. */
const TABLES: Record<RollupFamily, Record<Grain, PgTable>> = {
  outcomes: { hour: rollupHourlyOutcomes, day: rollupDailyOutcomes },
  controls: { hour: rollupHourly, day: rollupDaily },
  clients: { hour: rollupHourlyClients, day: rollupDailyClients },
  actors: { hour: rollupHourlyActors, day: rollupDailyActors },
  durations: { hour: rollupHourlyDurations, day: rollupDailyDurations },
};

const BOTH: readonly Grain[] = ["day", "hour"];

/** Counts, series and top-N: the smallest family that has the dimensions, days and hours. */
export const SQL_COUNT_ROLLUPS: RollupCatalog = (
  ["outcomes", "controls", "clients", "actors"] as const
).map((family) => ({ family, grains: BOTH }));

/** The duration histogram, which has no dimension: unfiltered reads only. */
export const SQL_DURATION_ROLLUPS: RollupCatalog = [{ family: "durations", grains: BOTH }];

/** A rollup column has the events column's name. */
export const rollupColumn = (d: Dimension) => sql.identifier(DIMENSION_COLUMNS[d].name);

/** The filter's dimensions as `IN` lists over a rollup's columns. */
function dimensionTerms(f: EventFilter): SQL[] {
  const terms: SQL[] = [];
  for (const d of Object.keys(DIMENSION_COLUMNS) as Dimension[]) {
    const values = f[d];
    if (values && values.length > 0)
      terms.push(
        sql`${rollupColumn(d)} IN (${sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )})`,
      );
  }
  return terms;
}

/** `(a <= x < b) OR …` over the parts, with `bound` turning milliseconds into x's unit. */
function spans(parts: readonly TierPart[], ge: (ms: number) => SQL, less: (ms: number) => SQL) {
  const each = parts.map((p) =>
    and(p.from === null ? undefined : ge(p.from), p.to === null ? undefined : less(p.to)),
  );
  // An unbounded part matches every row: no condition at all.
  if (each.some((c) => c === undefined)) return undefined;
  return or(...each);
}

/** Raw events of the filter inside the given parts' times; the tenant comes first. */
export function rawWhere(tenantId: string, f: EventFilter, parts: readonly TierPart[]): SQL {
  return and(
    eventConditions(tenantId, { ...f, from: undefined, to: undefined }),
    spans(
      parts,
      (ms) => gte(events.time, new Date(ms)),
      (ms) => lt(events.time, new Date(ms)),
    ),
  ) as SQL;
}

/** Time condition on a row set that carries events' `time` (e.g. a CTE over raw events). */
export function rawTimeWhere(alias: string, parts: readonly TierPart[]): SQL {
  const time = sql`${sql.identifier(alias)}."time"`;
  return (
    spans(
      parts,
      (ms) => sql`${time} >= ${new Date(ms).toISOString()}::timestamptz`,
      (ms) => sql`${time} < ${new Date(ms).toISOString()}::timestamptz`,
    ) ?? sql`true`
  );
}

/** One rollup grain's rows of the filter inside the given (whole-unit) parts. */
function rollupWhere(tenantId: string, f: EventFilter, grain: Grain, parts: readonly TierPart[]) {
  const unit = sql.identifier(grain);
  const ms = GRAIN_MS[grain];
  return and(
    sql`tenant_id = ${tenantId}`,
    spans(
      parts,
      (from) => sql`${unit} >= ${from / ms}`,
      (to) => sql`${unit} < ${to / ms}`,
    ),
    ...dimensionTerms(f),
  ) as SQL;
}

/** How one read selects from a rollup grain's rows (given their WHERE): a table or a subquery. */
export type RollupBranch = (table: PgTable | SQL, where: SQL, grain: Grain) => SQL;

/**
 * The SELECTs of a tiered read, one per rollup grain and one for the raw edges (each over all of
 * its parts), to be combined with UNION ALL and aggregated again by the caller. `raw` gets the
 * raw parts (see rawWhere, rawTimeWhere).
 */
export function tierBranches(
  tenantId: string,
  f: EventFilter,
  plan: TierPlan,
  rollup: RollupBranch,
  raw: (parts: TierPart[]) => SQL,
): SQL[] {
  const out: SQL[] = [];
  for (const grain of BOTH) {
    const parts = plan.parts.filter((p) => p.source === grain);
    if (parts.length === 0 || !plan.family) continue;
    const where = rollupWhere(tenantId, f, grain, parts);
    const table = TABLES[plan.family][grain];
    out.push(
      f.activity === "mcp" && plan.family !== "durations"
        ? rollup(
            correctedRollup(table, grain, ROLLUP_FAMILIES[plan.family], where, ownWhere(parts)),
            where,
            grain,
          )
        : rollup(table, where, grain),
    );
  }
  const rawParts = plan.parts.filter((p) => p.source === "raw");
  if (rawParts.length > 0) out.push(raw(rawParts));
  return out;

  function ownWhere(parts: readonly TierPart[]): SQL {
    return rawWhere(tenantId, { ...f, activity: "dashboard" }, parts);
  }
}

/** `b1 UNION ALL b2 …`, or `empty` (a SELECT of no rows with the right columns) when none. */
export function unionAll(branches: SQL[], empty: SQL): SQL {
  return branches.length > 0 ? sql.join(branches, sql` UNION ALL `) : empty;
}
