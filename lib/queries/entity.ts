import type { Dimension, EventFilter, TenantStore } from "../../db/store/types";
import { OUTCOMES } from "../core/contract";
import { type EventRowView, toRowView } from "./events";
import { type SeriesPoint, series } from "./overview";
import { bucketStarts } from "./time-range";

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
  const [summary, calls, recent, first, ...tops] = await Promise.all([
    store.summarize(filter),
    store.countOverTime(filter, bucketSeconds, "outcome"),
    store.listEvents({ ...filter, limit: 25, order: "desc" }),
    store.listEvents({ ...filter, from: undefined, to: undefined, limit: 1, order: "asc" }),
    ...dims.map((d) => store.topN(filter, d, 8)),
  ]);
  const from = filter.from ?? new Date(Date.now() - 86_400_000);
  const to = filter.to ?? new Date();
  return {
    summary,
    calls: series(bucketStarts(from, to, bucketSeconds), calls, [...OUTCOMES], "unknown"),
    tops: dims.map((d, i) => ({ dimension: d, rows: tops[i] ?? [] })),
    recent: recent.events.map(toRowView),
    firstSeen: first.events[0]?.time ?? null,
  };
}
