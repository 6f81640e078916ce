import { type ChFragment, chsql } from "../../clickhouse/binder";
import type { Dimension, EventFilter } from "../types";
import { DIMENSION_COLUMNS, eventWhere } from "./ch-filter";
import type { ChTables } from "./ch-tenant-store";

/**
 * An hourly rollup's rows less Tooltrail's own events of the same rows (EventFilter.activity =
 * "mcp"), as the SQL stores do it (db/store/sql/own-correction.ts): the own events are counted
 * as the views count them (migration 4), negated, and added to the rollup's rows, which every
 * caller sums per key (distinct actors: per actor, above 0). `where` selects the rollup's rows,
 * `ownWhere` the own events of the same times and dimensions. Signed 64-bit, since a rollup's
 * `n` is unsigned. Own events have no duration, so duration histograms need no correction.
 */
export function chCorrectedRollup(
  t: ChTables,
  table: ChFragment,
  dimensions: readonly Dimension[],
  where: ChFragment,
  ownWhere: ChFragment,
): ChFragment {
  const dims = dimensions.map((d) => DIMENSION_COLUMNS[d]);
  const keys = ["tenant_id", "hour", ...dims].join(", ");
  const ownKeys = [
    "tenant_id",
    "intDiv(time_ms, 3600000) AS hour",
    ...dims.map((d) => `ifNull(own_${d}, '') AS ${d}`),
  ].join(", ");
  // One row per event as FINAL would keep it, without FINAL over the whole range: the own events
  // are few, and a replayed insert repeats them whole. Aliases differ from the columns, which
  // the WHERE reads.
  const perEvent = [
    "tenant_id",
    "time_ms",
    "id",
    ...dims.map((d) => `any(${d}) AS own_${d}`),
    "any(redaction_count) AS own_redactions",
  ].join(", ");
  // Not summed per row here: every caller sums (per key, per actor) and keeps what is above 0.
  return chsql`(SELECT ${chsql([keys])}, toInt64(n) AS n, toInt64(redactions) AS redactions FROM ${table} WHERE ${where}
      UNION ALL
      SELECT ${chsql([ownKeys])}, -toInt64(count()) AS n, -toInt64(sum(own_redactions)) AS redactions
      FROM (SELECT ${chsql([perEvent])} FROM ${t.events} WHERE ${ownWhere} GROUP BY tenant_id, time_ms, id)
      GROUP BY ${chsql([keys])})`;
}

/** Tooltrail's own events of a filter: its times and dimensions. */
export function ownEventsWhere(tenantId: string, f: EventFilter): ChFragment {
  return eventWhere(tenantId, { ...f, activity: "dashboard" });
}
