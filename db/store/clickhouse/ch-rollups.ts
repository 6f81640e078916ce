import { type ChFragment, chsql, joinSql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import { rollupSelect } from "../../clickhouse/migrations/0004_hourly_rollups";
import { durationsSelect } from "../../clickhouse/migrations/0005_duration_histogram";
import { ROLLUP_NAMES } from "../rollups";
import type { EventFilter } from "../types";
import { dimensionTerms } from "./ch-filter";
import { deleteWhere } from "./ch-mutations";
import type { ChTables } from "./ch-tenant-store";

const HOUR_MS = 3_600_000;

/** The same filter as `eventWhere`, over a rollup's hours; the tenant comes first. */
export function rollupWhere(tenantId: string, f: EventFilter): ChFragment {
  const terms: ChFragment[] = [chsql`tenant_id = ${tenantId}`];
  if (f.from) terms.push(chsql`hour >= ${f.from.getTime() / HOUR_MS}`);
  if (f.to) terms.push(chsql`hour < ${f.to.getTime() / HOUR_MS}`);
  terms.push(...dimensionTerms(f));
  return joinSql(terms, chsql` AND `);
}

/**
 * Rebuilds a tenant's rollup rows for hours `first`..`last` (inclusive) from the events as they
 * are now: the rows are deleted, then computed again exactly as the views compute them. Used
 * where the views cannot be trusted to have followed: after retention removed events, and after
 * a replayed insert that may have been cut off between the events and their views.
 */
export async function recomputeRollupHours(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  first: number,
  last: number,
): Promise<void> {
  const hours = chsql`tenant_id = ${tenantId} AND hour >= ${first} AND hour <= ${last}`;
  const times = chsql`tenant_id = ${tenantId} AND time_ms >= ${first * HOUR_MS} AND time_ms < ${(last + 1) * HOUR_MS}`;
  for (const name of ROLLUP_NAMES) {
    await deleteWhere(ch, t.local.rollups[name], t.onCluster, hours);
    await ch.command(
      chsql`INSERT INTO ${t.rollups[name]} ${rollupSelect(name, chsql`${t.events} FINAL`, times)}`,
    );
  }
  await deleteWhere(ch, t.local.durations, t.onCluster, hours);
  await ch.command(
    chsql`INSERT INTO ${t.durations} ${durationsSelect(chsql`${t.events} FINAL`, times)}`,
  );
}
