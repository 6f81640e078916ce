import { type ChFragment, chsql, joinSql } from "../../clickhouse/binder";
import type { EventFilter } from "../types";
import { dimensionTerms } from "./ch-filter";

const HOUR_MS = 3_600_000;

/** The same filter as `eventWhere`, over a rollup's hours; the tenant comes first. */
export function rollupWhere(tenantId: string, f: EventFilter): ChFragment {
  const terms: ChFragment[] = [chsql`tenant_id = ${tenantId}`];
  if (f.from) terms.push(chsql`hour >= ${f.from.getTime() / HOUR_MS}`);
  if (f.to) terms.push(chsql`hour < ${f.to.getTime() / HOUR_MS}`);
  terms.push(...dimensionTerms(f));
  return joinSql(terms, chsql` AND `);
}
