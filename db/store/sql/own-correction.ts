import { type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { events } from "../../schema/events";
import type { Grain } from "../tiers";
import type { Dimension } from "../types";
import { DIMENSION_COLUMNS } from "./event-filter";

const UNIT_SECONDS: Record<Grain, number> = { hour: 3600, day: 86_400 };

/**
 * A rollup's rows less Tooltrail's own events of the same rows: what MCP traffic alone would
 * have put there (EventFilter.activity = "mcp"). Rollups have no key for the own events, so
 * instead of a second set of rollups the few own events (found through the partial index
 * `events_tenant_own_time`) are counted as the triggers count them, negated and added to the
 * rollup's rows, which every caller sums per key (distinct actors: per actor, above 0). `where`
 * selects the rollup's rows, `ownWhere` the own events of the same times and dimensions.
 * Duration histograms need nothing of this: self-audit events carry no duration.
 */
export function correctedRollup(
  table: PgTable,
  grain: Grain,
  dims: readonly Dimension[],
  where: SQL,
  ownWhere: SQL,
): SQL {
  const keys = [sql.identifier("tenant_id"), sql.identifier(grain), ...dims.map(colOf)];
  const list = sql.join(keys, sql`, `);
  const ownKeys = sql.join(
    [
      sql`${events.tenantId}`,
      sql`floor(extract(epoch FROM ${events.time}) / ${sql.raw(String(UNIT_SECONDS[grain]))})::bigint`,
      ...dims.map((d) => sql`coalesce(${DIMENSION_COLUMNS[d]}, '')`),
    ],
    sql`, `,
  );
  const positions = sql.raw(keys.map((_, i) => String(i + 1)).join(", "));
  // Not summed per row here: every caller sums (per key, per actor) and keeps what is above 0.
  return sql`(SELECT ${list}, n, redactions FROM ${table} WHERE ${where}
      UNION ALL
      SELECT ${ownKeys}, -count(*), -coalesce(sum(${events.redactionCount}), 0) FROM ${events}
      WHERE ${ownWhere} GROUP BY ${positions}) AS mcp_only`;
}

const colOf = (d: Dimension) => sql.identifier(DIMENSION_COLUMNS[d].name);
