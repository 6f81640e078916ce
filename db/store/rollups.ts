import type { Dimension, EventFilter } from "./types";

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

/** Filter keys a rollup can answer: the time range and the dimensions. Anything else is raw. */
const ROLLUP_FILTER_KEYS = new Set<string>([
  "from",
  "to",
  ...Object.values(ROLLUP_DIMENSIONS).flat(),
]);

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
