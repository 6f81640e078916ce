import { type Grain, grainsForBuckets, splitTiers, type TierPart } from "./tiers";
import { DIMENSIONS, type Dimension, type EventFilter } from "./types";

/**
 * Hourly rollups every backend keeps (ClickHouse by materialized views, SQL by triggers), each
 * with the dimensions read together, in order of size: low-cardinality controls, clients and
 * agents, actors. A count can come from a rollup only when it has every dimension the query
 * filters or groups by.
 */
export const ROLLUP_DIMENSIONS = {
  rollup_hourly: ["server", "tool", "outcome", "verdict", "policy", "classification"],
  rollup_hourly_clients: ["client", "agent", "outcome"],
  rollup_hourly_actors: ["actor", "outcome"],
} as const satisfies Record<string, readonly Dimension[]>;

export type RollupName = keyof typeof ROLLUP_DIMENSIONS;

export const ROLLUP_NAMES = Object.keys(ROLLUP_DIMENSIONS) as RollupName[];

const HOUR_MS = 3_600_000;

/**
 * Filter keys a rollup can answer: the time range, the dimensions and the activity (own-activity.ts:
 * all of it, or MCP traffic as the rollup less the own events of its rows, which every store
 * subtracts). Anything else is raw, and so is Tooltrail's own activity alone: few events.
 */
const ROLLUP_FILTER_KEYS = new Set<string>([
  "from",
  "to",
  "activity",
  ...DIMENSIONS,
] satisfies (keyof EventFilter)[]);

const rawOnly = (f: EventFilter) => f.activity === "dashboard";

/**
 * The rollup that answers a count exactly, or null for raw events: every filtered and grouped
 * dimension in it, the range on whole hours, whole-hour buckets, and no other filter (correlation
 * ids, free text) set.
 */
export function pickRollup(
  f: EventFilter,
  groupBy: readonly Dimension[],
  bucketSeconds?: number,
): RollupName | null {
  if (rawOnly(f)) return null;
  for (const [k, v] of Object.entries(f))
    if (v !== undefined && !(Array.isArray(v) && v.length === 0) && !ROLLUP_FILTER_KEYS.has(k))
      return null;
  if (f.from && f.from.getTime() % HOUR_MS !== 0) return null;
  if (f.to && f.to.getTime() % HOUR_MS !== 0) return null;
  if (bucketSeconds !== undefined && bucketSeconds % 3600 !== 0) return null;
  const needed = new Set<Dimension>(groupBy);
  for (const [k, v] of Object.entries(f))
    if (Array.isArray(v) && v.length > 0 && k !== "from" && k !== "to") needed.add(k as Dimension);
  return (
    ROLLUP_NAMES.find((name) =>
      [...needed].every((d) => (ROLLUP_DIMENSIONS[name] as readonly Dimension[]).includes(d)),
    ) ?? null
  );
}

/**
 * Rollup families of the tiered reads (db/store/tiers.ts): one set of dimensions kept at one or
 * more grains, smallest first. `durations` has no dimension but the duration histogram bucket.
 */
export const ROLLUP_FAMILIES = {
  outcomes: ["outcome", "verdict", "policy"],
  controls: ROLLUP_DIMENSIONS.rollup_hourly,
  clients: ROLLUP_DIMENSIONS.rollup_hourly_clients,
  actors: ROLLUP_DIMENSIONS.rollup_hourly_actors,
  durations: [],
} as const satisfies Record<string, readonly Dimension[]>;

export type RollupFamily = keyof typeof ROLLUP_FAMILIES;

/** What one backend keeps: the families it may read and at which grains. */
export type RollupCatalog = readonly { family: RollupFamily; grains: readonly Grain[] }[];

/** A read split into tiers: the family whose rows answer the rollup parts, or null (all raw). */
export type TierPlan = { family: RollupFamily | null; parts: TierPart[] };

/** True when a filter sets anything a rollup cannot answer (correlation ids, free text). */
function needsRawEvents(f: EventFilter): boolean {
  if (rawOnly(f)) return true;
  return Object.entries(f).some(
    ([k, v]) =>
      v !== undefined && !(Array.isArray(v) && v.length === 0) && !ROLLUP_FILTER_KEYS.has(k),
  );
}

/** The dimensions a filter narrows by. */
export function filteredDimensions(f: EventFilter): Dimension[] {
  return (Object.keys(f) as (keyof EventFilter)[]).filter(
    (k): k is Dimension =>
      k !== "from" && k !== "to" && Array.isArray(f[k]) && (f[k] as unknown[]).length > 0,
  );
}

/**
 * How to read a count, series or top-N: the first family of the catalog that has every dimension
 * the query filters or groups by (`needed`), at the grains the buckets allow, over the whole days,
 * whole hours and raw edges of the range. With no such family (or a filter no rollup can answer)
 * the whole range is one raw part, as is any range too short for a whole hour.
 */
export function planTiers(
  f: EventFilter,
  needed: readonly Dimension[],
  catalog: RollupCatalog,
  bucketSeconds?: number,
): TierPlan {
  const from = f.from?.getTime() ?? null;
  const to = f.to?.getTime() ?? null;
  const raw: TierPlan = { family: null, parts: splitTiers(from, to, []) };
  if (needsRawEvents(f)) return raw;
  const dims = new Set<Dimension>([...needed, ...filteredDimensions(f)]);
  for (const { family, grains } of catalog) {
    const has = ROLLUP_FAMILIES[family] as readonly Dimension[];
    if (![...dims].every((d) => has.includes(d))) continue;
    const usable = grainsForBuckets(grains, bucketSeconds);
    if (usable.length === 0) continue;
    const parts = splitTiers(from, to, usable);
    return parts.some((p) => p.source !== "raw") ? { family, parts } : raw;
  }
  return raw;
}
