import { type ChFragment, chsql, joinSql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import { ROLLUP_DIMENSIONS, ROLLUP_NAMES, type RollupName } from "../rollups";
import type { EventFilter } from "../types";
import { chDurationBucket } from "./ch-duration-bucket";
import { DIMENSION_COLUMNS, dimensionTerms } from "./ch-filter";
import { deleteWhere } from "./ch-mutations";
import type { ChTables } from "./ch-tenant-store";

const HOUR_MS = 3_600_000;

/** A rollup's columns: its shared dimensions (db/store/rollups.ts) as ClickHouse names them. */
export function rollupColumns(name: RollupName): string[] {
  return ROLLUP_DIMENSIONS[name].map((d) => DIMENSION_COLUMNS[d]);
}

/**
 * A rollup's rows computed from events, as the views of migration 4 compute them (a test keeps
 * the two equal; a change here needs a migration); `where` narrows the events.
 */
export function rollupSelect(name: RollupName, from: ChFragment, where?: ChFragment): ChFragment {
  const dims = rollupColumns(name);
  const keys = dims.map((d) => `ifNull(${d}, '') AS ${d}`).join(", ");
  const head = chsql`${chsql([
    `SELECT tenant_id, intDiv(time_ms, 3600000) AS hour, ${keys}, toUInt64(count()) AS n, toUInt64(sum(redaction_count)) AS redactions FROM `,
  ])}${from}`;
  const tail = chsql([` GROUP BY tenant_id, hour, ${dims.join(", ")}`]);
  return where ? chsql`${head} WHERE ${where}${tail}` : chsql`${head}${tail}`;
}

/** Hourly duration histogram rows, as the view of migration 5 computes them. */
export function durationsSelect(from: ChFragment, where?: ChFragment): ChFragment {
  const bucket = chDurationBucket("assumeNotNull(duration_ms)");
  const head = chsql`${chsql([
    `SELECT tenant_id, intDiv(time_ms, 3600000) AS hour, ${bucket} AS bucket, toUInt64(count()) AS n FROM `,
  ])}${from}`;
  const filter = where
    ? chsql` WHERE isNotNull(duration_ms) AND ${where}`
    : chsql` WHERE isNotNull(duration_ms)`;
  return chsql`${head}${filter}${chsql([" GROUP BY tenant_id, hour, bucket"])}`;
}

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
