import { type ChFragment, chsql, joinSql } from "../../clickhouse/binder";
import { ROLLUPS, type RollupName } from "../../clickhouse/migrations/0004_hourly_rollups";
import type { Dimension, EventFilter } from "../types";
import { DIMENSION_COLUMNS, dimensionTerms } from "./ch-filter";

const HOUR_MS = 3_600_000;

/** Fewest rows first (their declared order): the first rollup with every needed dimension answers. */
const BY_SIZE: readonly RollupName[] = [
  "rollup_hourly",
  "rollup_hourly_clients",
  "rollup_hourly_actors",
];

/**
 * The rollup that can answer a count exactly, or null for raw events: it must hold every
 * dimension the query filters or groups by, the time range must fall on whole hours, and buckets
 * must be whole hours. Correlation filters (session, trace, conversation) always need raw events.
 */
export function pickRollup(
  f: EventFilter,
  groupBy: Dimension[],
  bucketSeconds?: number,
): RollupName | null {
  if (f.session || f.conversation || f.trace || f.text) return null;
  if (f.from && f.from.getTime() % HOUR_MS !== 0) return null;
  if (f.to && f.to.getTime() % HOUR_MS !== 0) return null;
  if (bucketSeconds !== undefined && bucketSeconds % 3600 !== 0) return null;
  const needed = new Set<string>(groupBy.map((d) => DIMENSION_COLUMNS[d]));
  for (const d of Object.keys(DIMENSION_COLUMNS) as Dimension[])
    if (f[d] && (f[d]?.length ?? 0) > 0) needed.add(DIMENSION_COLUMNS[d]);
  return (
    BY_SIZE.find((name) =>
      [...needed].every((c) => (ROLLUPS[name] as readonly string[]).includes(c)),
    ) ?? null
  );
}

/** The same filter as `eventWhere`, over a rollup's hours; the tenant comes first. */
export function rollupWhere(tenantId: string, f: EventFilter): ChFragment {
  const terms: ChFragment[] = [chsql`tenant_id = ${tenantId}`];
  if (f.from) terms.push(chsql`hour >= ${f.from.getTime() / HOUR_MS}`);
  if (f.to) terms.push(chsql`hour < ${f.to.getTime() / HOUR_MS}`);
  terms.push(...dimensionTerms(f));
  return joinSql(terms, chsql` AND `);
}
