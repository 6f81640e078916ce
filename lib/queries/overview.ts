import type { Dimension, EventFilter, EventSummary, TenantStore } from "../../db/store/types";

/** How close the reported p95 is (it comes from a duration histogram). */
export {
  P95_ABSOLUTE_ERROR_BELOW_16_MS,
  P95_RELATIVE_ERROR,
} from "../../db/store/duration-buckets";
export type { EventSummary };

import { OUTCOMES } from "../core/contract";
import { bucketStarts } from "./time-range";

export type SeriesPoint = { t: number } & Record<string, number>;
export type TopRow = { key: string; count: number; spark: number[] };

export type Overview = {
  summary: EventSummary;
  /** Calls per bucket, one key per outcome. */
  calls: SeriesPoint[];
  /** Denied calls per bucket, one key per policy (`(no policy)` when none was named). */
  denials: SeriesPoint[];
  policies: string[];
  top: Record<"tool" | "server" | "actor" | "client", TopRow[]>;
};

export const NO_POLICY = "(no policy)";

/** Rows per bucket with zeros filled in, so charts show quiet periods instead of skipping them. */
export function series(
  starts: number[],
  rows: { start: Date; key: string | null; count: number }[],
  keys: string[],
  nullKey: string,
): SeriesPoint[] {
  const index = new Map(starts.map((t, i) => [t, i]));
  const points = starts.map((t) => {
    const p: SeriesPoint = { t };
    for (const k of keys) p[k] = 0;
    return p;
  });
  for (const r of rows) {
    const i = index.get(r.start.getTime());
    const p = i === undefined ? undefined : points[i];
    if (p) p[r.key ?? nullKey] = (p[r.key ?? nullKey] ?? 0) + r.count;
  }
  return points;
}

/** Everything the overview page shows, read through the tenant's store with one filter. */
export async function loadOverview(
  store: TenantStore,
  filter: EventFilter,
  bucketSeconds: number,
): Promise<Overview> {
  const from = filter.from ?? new Date(Date.now() - 86_400_000);
  const to = filter.to ?? new Date();
  const starts = bucketStarts(from, to, bucketSeconds);
  const dims = ["tool", "server", "actor", "client"] as const;
  const [summary, byOutcome, denied, ...tops] = await Promise.all([
    store.summarize(filter),
    store.countOverTime(filter, bucketSeconds, "outcome"),
    store.countOverTime({ ...filter, outcome: ["denied"] }, bucketSeconds, "policy"),
    ...dims.map((d) => store.topN(filter, d, 8)),
  ]);
  const sparks = await Promise.all(
    dims.map((d, i) => {
      const keys = (tops[i] ?? []).map((r) => r.key);
      return keys.length === 0
        ? Promise.resolve([])
        : store.countOverTime({ ...filter, [d]: keys }, sparkBucket(from, to), d as Dimension);
    }),
  );
  const sparkStarts = bucketStarts(from, to, sparkBucket(from, to));
  const top = Object.fromEntries(
    dims.map((d, i) => {
      const rows = tops[i] ?? [];
      const sp = series(
        sparkStarts,
        sparks[i] ?? [],
        rows.map((r) => r.key),
        "",
      );
      return [
        d,
        rows.map((r) => ({ key: r.key, count: r.count, spark: sp.map((p) => p[r.key] ?? 0) })),
      ];
    }),
  ) as Overview["top"];
  const policies = [...new Set(denied.map((r) => r.key ?? NO_POLICY))].sort();
  return {
    summary,
    calls: series(starts, byOutcome, [...OUTCOMES], "unknown"),
    denials: series(starts, denied, policies, NO_POLICY),
    policies,
    top,
  };
}

/**
 * About 24 points per sparkline, in whole days, hours or minutes. From half a day a point on up,
 * whole days (about 30 points over 30 days): the daily rollups answer those, where hours would
 * read 24 times as many rows (db/store/tiers.ts).
 */
export function sparkBucket(from: Date, to: Date): number {
  const span = (to.getTime() - from.getTime()) / 1000;
  const raw = Math.max(60, span / 24);
  if (raw >= 43_200) return Math.max(1, Math.round(raw / 86_400)) * 86_400;
  return raw >= 3600 ? Math.ceil(raw / 3600) * 3600 : Math.ceil(raw / 60) * 60;
}
