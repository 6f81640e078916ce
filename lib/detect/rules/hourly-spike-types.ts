import type { DetectEvent, RuleId, SeriesKind, SubjectKind } from "../types";

/** What a rule gives the hourly spike test (hourly-spike.ts), and the state it keeps. */

export type SpikeParams = {
  baselineDays: number;
  minHistoryDays: number;
  threshold: number;
  minRatio: number;
  seasonal: boolean;
};

/** One subject an event counts towards, with what it adds to the tally. */
export type SpikeSubject = {
  kind: SubjectKind;
  series: SeriesKind;
  key: string;
  label: string;
  value: number;
};

export type HourTally = {
  hour: number;
  value: number;
  calls: number;
  fired: boolean;
  label: string;
  /** Until it fires: the ids of the hour's first events (at most EARLY_EVIDENCE). */
  evidence: string[];
  /** Since it fired: how many evidence ids were reported (at most EVIDENCE_CAP in all). */
  sent: number;
  /**
   * The hour's baseline once computed (null: learning): it depends only on hours before this
   * one, so later windows of the hour reuse it instead of reading the history again.
   */
  base?: SpikeBaseline | null;
};
export type SpikeState = { hours: Record<string, HourTally> };

/**
 * median and mad: the subject's active hours (past hours with any activity); hour: the same
 * hour of the day, or of the week from three weeks of history (null when not seasonal).
 */
export type SpikeBaseline = {
  median: number;
  mad: number;
  days: number;
  hour: { median: number; mad: number; weekly: boolean } | null;
};

export type SpikeSpec<P extends SpikeParams> = {
  rule: RuleId;
  subjects(e: DetectEvent): SpikeSubject[];
  /** The floor below which nothing is a spike (calls, bytes). */
  floor(p: P): number;
  sentence(
    t: { label: string; kind: SubjectKind; value: number; calls: number; hour: number },
    b: SpikeBaseline,
  ): string;
  observed(t: { value: number; calls: number }): Record<string, number>;
};

/**
 * The baselines in words, with `fmt` for the figures: "over the last 14 days its hours with
 * activity have a median of 9 (MAD 4), and this hour of the day a median of 0 (MAD 0)".
 */
export function basisText(b: SpikeBaseline, fmt: (n: number) => string): string {
  const active = `over the last ${b.days} days its hours with activity have a median of ${fmt(b.median)} (MAD ${fmt(b.mad)})`;
  if (!b.hour) return active;
  const period = b.hour.weekly ? "week" : "day";
  return `${active}, and this hour of the ${period} a median of ${fmt(b.hour.median)} (MAD ${fmt(b.hour.mad)})`;
}
