import type { Dimension, EventFilter, TenantStore } from "../../db/store/types";
import { OUTCOMES } from "../contract";
import { type EventRowView, toRowView } from "./events";
import type { SeriesPoint } from "./overview";

export type EntityView = {
  summary: Awaited<ReturnType<TenantStore["summarize"]>>;
  calls: SeriesPoint[];
  tops: { dimension: Dimension; rows: { key: string; count: number }[] }[];
  recent: EventRowView[];
  firstSeen: string | null;
};

/** Everything about one actor or one tool over the chosen range. */
export async function loadEntity(
  store: TenantStore,
  filter: EventFilter,
  bucketSeconds: number,
  dims: Dimension[],
): Promise<EntityView> {
  const [summary, series, recent, first, ...tops] = await Promise.all([
    store.summarize(filter),
    store.countOverTime(filter, bucketSeconds, "outcome"),
    store.listEvents({ ...filter, limit: 25, order: "desc" }),
    store.listEvents({ ...filter, from: undefined, to: undefined, limit: 1, order: "asc" }),
    ...dims.map((d) => store.topN(filter, d, 8)),
  ]);
  const step = bucketSeconds * 1000;
  const from = filter.from?.getTime() ?? Date.now() - 86_400_000;
  const to = filter.to?.getTime() ?? Date.now();
  const points = new Map<number, SeriesPoint>();
  for (let t = Math.floor(from / step) * step; t < to; t += step) {
    const p: SeriesPoint = { t };
    for (const o of OUTCOMES) p[o] = 0;
    points.set(t, p);
  }
  for (const r of series) {
    const p = points.get(r.start.getTime());
    if (p && r.key) p[r.key] = (p[r.key] ?? 0) + r.count;
  }
  return {
    summary,
    calls: [...points.values()],
    tops: dims.map((d, i) => ({ dimension: d, rows: tops[i] ?? [] })),
    recent: recent.events.map(toRowView),
    firstSeen: first.events[0]?.time ?? null,
  };
}
