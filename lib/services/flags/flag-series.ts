import type { DetectionStore, FlagRecord } from "../../../db/store/detection-types";
import { DAY, HOUR, HOURS_PER_WEEK, hourStart, median } from "../../detect/stats";
import type { SeriesKind } from "../../detect/types";

export type SeriesPoint = { hour: string; observed: number; baseline: number | null };

/** Hours of context shown before the episode and at most after it. */
const BEFORE_HOURS = 48;
const AFTER_HOURS = 24;
/** A long episode is charted from its end backwards, so the chart stays readable. */
const MAX_HOURS = 14 * 24;
/** The baseline of an hour: the median of the same hour of the week over the weeks before. */
const BASELINE_WEEKS = 4;

/** The learned series a flag's figures come from, or null when no hourly series describes it. */
export function seriesOf(flag: Pick<FlagRecord, "rule" | "subjectKind">): SeriesKind | null {
  if (flag.rule === "bulk_egress") return "actor_bytes";
  if (flag.rule === "enumeration") return "actor_distinct";
  const byKind: Record<string, SeriesKind> = {
    actor: "actor",
    actor_tool: "actor_tool",
    server: "server",
    ingest_key: "ingest_key",
  };
  return byKind[flag.subjectKind] ?? null;
}

/**
 * The flag's subject hour by hour around the episode, with what its own history would lead one
 * to expect at each hour (same hour of the week, median over the previous weeks). Empty when the
 * flag's rule does not work on an hourly series.
 */
export async function flagSeries(
  store: DetectionStore,
  flag: FlagRecord,
  now: Date,
): Promise<{ series: SeriesKind | null; points: SeriesPoint[] }> {
  const series = seriesOf(flag);
  if (!series) return { series, points: [] };
  const to = Math.min(
    hourStart(flag.end.getTime()) + AFTER_HOURS * HOUR,
    hourStart(now.getTime()) + HOUR,
  );
  const from = Math.max(
    hourStart(flag.start.getTime()) - BEFORE_HOURS * HOUR,
    to - MAX_HOURS * HOUR,
  );
  const historyFrom = from - BASELINE_WEEKS * 7 * DAY;
  const tallies = await store.hourly(
    series,
    [flag.subjectKey],
    new Date(historyFrom),
    new Date(to),
  );
  const byHour = new Map<number, number>();
  for (const t of tallies)
    byHour.set(t.hour.getTime(), (byHour.get(t.hour.getTime()) ?? 0) + t.value);
  const firstKnown = Math.min(...byHour.keys());
  const points: SeriesPoint[] = [];
  for (let h = from; h < to; h += HOUR) {
    const past: number[] = [];
    for (let w = 1; w <= BASELINE_WEEKS; w++) {
      const at = h - w * HOURS_PER_WEEK * HOUR;
      // Weeks before anything was recorded say nothing (zeros there would drag the median down).
      if (at >= firstKnown) past.push(byHour.get(at) ?? 0);
    }
    points.push({
      hour: new Date(h).toISOString(),
      observed: byHour.get(h) ?? 0,
      baseline: past.length ? median(past) : null,
    });
  }
  return { series, points };
}
