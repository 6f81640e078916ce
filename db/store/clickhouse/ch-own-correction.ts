import { type ChFragment, chsql } from "../../clickhouse/binder";
import type { Dimension, EventFilter } from "../types";
import { DIMENSION_COLUMNS, eventWhere } from "./ch-filter";
import type { ChTables } from "./ch-tenant-store";

/**
 * An hourly rollup's rows less Tooltrail's own events of the same rows (EventFilter.activity =
 * "mcp"), as the SQL stores do it (db/store/sql/own-correction.ts): the own events are counted
 * as the views count them (migration 4), negated, and summed with the rollup rows per key, so
 * `n > 0` means "has MCP traffic". `where` selects the rollup's rows; `ownWhere` the own events
 * of the same times and dimensions. Signed 64-bit sums, since a rollup's `n` is unsigned.
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
    ...dims.map((d) => `ifNull(${d}, '') AS ${d}`),
  ].join(", ");
  return chsql`(SELECT ${chsql([keys])}, sum(n) AS n, sum(redactions) AS redactions FROM (
      SELECT ${chsql([keys])}, toInt64(n) AS n, toInt64(redactions) AS redactions FROM ${table} WHERE ${where}
      UNION ALL
      SELECT ${chsql([ownKeys])}, -toInt64(count()) AS n, -toInt64(sum(redaction_count)) AS redactions
      FROM ${t.events} FINAL WHERE ${ownWhere} GROUP BY ${chsql([keys])}
    ) GROUP BY ${chsql([keys])})`;
}

/** Tooltrail's own events of a filter: its times and dimensions. */
export function ownEventsWhere(tenantId: string, f: EventFilter): ChFragment {
  return eventWhere(tenantId, { ...f, activity: "dashboard" });
}
