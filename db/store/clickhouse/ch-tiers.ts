import { type ChFragment, chsql, joinSql } from "../../clickhouse/binder";
import { ROLLUP_FAMILIES, type RollupCatalog, type RollupFamily, type TierPlan } from "../rollups";
import { GRAIN_MS, type Grain, type TierPart } from "../tiers";
import type { EventFilter } from "../types";
import { dimensionTerms, eventWhere } from "./ch-filter";
import { chCorrectedRollup } from "./ch-own-correction";
import type { ChTables } from "./ch-tenant-store";

const HOURLY: readonly Grain[] = ["hour"];

/**
 * The rollups ClickHouse keeps (migrations 4 and 5): hourly only, since its hourly reads stay
 * fast at 10 million events; daily tables would only repeat them.
 */
export const CH_COUNT_ROLLUPS: RollupCatalog = (["controls", "clients", "actors"] as const).map(
  (family) => ({ family, grains: HOURLY }),
);
export const CH_DURATION_ROLLUPS: RollupCatalog = [{ family: "durations", grains: HOURLY }];

export function familyTable(t: ChTables, family: RollupFamily): ChFragment {
  switch (family) {
    case "controls":
      return t.rollups.rollup_hourly;
    case "clients":
      return t.rollups.rollup_hourly_clients;
    case "actors":
      return t.rollups.rollup_hourly_actors;
    case "durations":
      return t.durations;
    case "outcomes":
      throw new Error("ClickHouse keeps no outcomes rollup");
  }
}

/** `(a <= x < b) OR …` over parts, or null when a part is unbounded on both sides. */
function spans(
  parts: readonly TierPart[],
  ge: (ms: number) => ChFragment,
  less: (ms: number) => ChFragment,
): ChFragment | null {
  const each: ChFragment[] = [];
  for (const p of parts) {
    const terms = [
      ...(p.from === null ? [] : [ge(p.from)]),
      ...(p.to === null ? [] : [less(p.to)]),
    ];
    if (terms.length === 0) return null;
    each.push(chsql`(${joinSql(terms, chsql` AND `)})`);
  }
  return chsql`(${joinSql(each, chsql` OR `)})`;
}

/** Raw events of the filter inside the parts; the tenant comes first. */
export function rawPartsWhere(tenantId: string, f: EventFilter, parts: readonly TierPart[]) {
  const base = eventWhere(tenantId, { ...f, from: undefined, to: undefined });
  const time = spans(
    parts,
    (ms) => chsql`time_ms >= ${ms}`,
    (ms) => chsql`time_ms < ${ms}`,
  );
  return time ? chsql`${base} AND ${time}` : base;
}

/** One grain's rollup rows of the filter inside (whole-unit) parts; the tenant comes first. */
function rollupPartsWhere(tenantId: string, f: EventFilter, grain: Grain, parts: TierPart[]) {
  const ms = GRAIN_MS[grain];
  const time = spans(
    parts,
    (from) => chsql`hour >= ${from / ms}`,
    (to) => chsql`hour < ${to / ms}`,
  );
  return joinSql(
    [chsql`tenant_id = ${tenantId}`, ...(time ? [time] : []), ...dimensionTerms(f)],
    chsql` AND `,
  );
}

/**
 * The SELECTs of a tiered read (hourly rollup rows and raw edges) joined by UNION ALL, for the
 * caller to aggregate again; null when the range is empty.
 */
export function chTierUnion(
  t: ChTables,
  tenantId: string,
  f: EventFilter,
  plan: TierPlan,
  rollup: (table: ChFragment, where: ChFragment) => ChFragment,
  raw: (where: ChFragment) => ChFragment,
): ChFragment | null {
  const branches: ChFragment[] = [];
  const hours = plan.parts.filter((p) => p.source === "hour");
  if (hours.length > 0 && plan.family) {
    const where = rollupPartsWhere(tenantId, f, "hour", hours);
    const table = familyTable(t, plan.family);
    // MCP traffic only: the rollup less Tooltrail's own events (histograms: none have a duration).
    const own = rawPartsWhere(tenantId, { ...f, activity: "dashboard" }, hours);
    branches.push(
      f.activity === "mcp" && plan.family !== "durations"
        ? rollup(chCorrectedRollup(t, table, ROLLUP_FAMILIES[plan.family], where, own), where)
        : rollup(table, where),
    );
  }
  const raws = plan.parts.filter((p) => p.source === "raw");
  if (raws.length > 0) branches.push(raw(rawPartsWhere(tenantId, f, raws)));
  return branches.length > 0 ? joinSql(branches, chsql` UNION ALL `) : null;
}
