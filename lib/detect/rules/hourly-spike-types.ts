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

export type SpikeBaseline = { median: number; mad: number; days: number; seasonal: boolean };

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
