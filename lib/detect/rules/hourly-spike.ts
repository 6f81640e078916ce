import {
  DAY,
  HOUR,
  HOURS_PER_WEEK,
  hourStart,
  type RobustSummary,
  robustSpread,
  robustSummary,
  sameHourOfWeek,
} from "../stats";
import type { Finding, RuleInput, SubjectKind } from "../types";
import {
  bounded,
  EVIDENCE_CAP,
  finding,
  historyWithWindow,
  isMcp,
  sameHourOfDay,
  tallyLocal,
} from "./baseline-common";
import type {
  HourTally,
  SpikeBaseline,
  SpikeParams,
  SpikeSpec,
  SpikeState,
  SpikeSubject,
} from "./hourly-spike-types";

export type { SpikeState };

/**
 * The hourly spike test volume_spike and bulk_egress share: a subject's tally for the current
 * UTC hour (kept in state across windows) against the robust baseline of its own past hours.
 * It fires once per subject and hour; later windows of that hour update the same episode.
 *
 * Two baselines, and the hour must be far above both. Its active hours (past hours with any
 * activity): a person who works office hours has a median of 0 over all hours, against which
 * any busy afternoon would be a spike; judged against the hours they work, it is not. And, when
 * seasonal, the same hour of the day (of the week from three weeks of history): a nightly job
 * that is busy every night at 02:00 is busy compared with the other active hours, not with 02:00.
 */

/** Bounds state: subjects followed in the current hour. */
const MAX_SUBJECTS = 20_000;
/**
 * Evidence ids kept in state per subject until it fires: the hour's first events. Later ones are
 * reported in the window they arrive (the engine unites a flag's evidence): state stays small.
 */
const EARLY_EVIDENCE = 20;

export function evaluateSpike<P extends SpikeParams>(
  spec: SpikeSpec<P>,
  { events, state, params: p, allow, baselines, window }: RuleInput<P, SpikeState>,
) {
  // Copy on write: a tally is copied the first time this window changes it (state is never mutated,
  // the engine may run a window twice).
  const hours: Record<string, HourTally> = { ...state.hours };
  const own = new Set<string>();
  const local = new Map<string, Map<number, number>>();
  const firstSeen = new Map<string, number>();
  const cache = new Map<string, SpikeBaseline | null>();
  for (const [id, t] of Object.entries(hours))
    if (t.base !== undefined) cache.set(`${id}|${t.hour}`, t.base);
  const touched = new Set<string>();
  const findings: Finding[] = [];
  /** Evidence ids to report in this window, per subject. */
  const fresh = new Map<string, string[]>();
  const report = (id: string, t: HourTally, eventId: string) => {
    if (t.sent >= EVIDENCE_CAP) return;
    const ids = fresh.get(id) ?? [];
    ids.push(eventId);
    fresh.set(id, ids);
    t.sent += 1;
  };

  function baselineOf(s: SpikeSubject, id: string, hour: number): SpikeBaseline | null {
    const ck = `${id}|${hour}`;
    if (cache.has(ck)) return cache.get(ck) ?? null;
    const first = baselines.seen(s.kind, s.key)?.first ?? firstSeen.get(id) ?? hour;
    let b: SpikeBaseline | null = null;
    if (hour - first >= p.minHistoryDays * DAY) {
      const from = Math.max(hour - p.baselineDays * DAY, hourStart(first));
      const series = historyWithWindow(baselines, s.series, s.key, from, hour, local.get(id));
      const active = robustSummary(series.filter((v) => v > 0));
      const weekly = series.length >= 3 * HOURS_PER_WEEK;
      const same = weekly ? sameHourOfWeek(series, from, hour) : sameHourOfDay(series, from, hour);
      const sh = p.seasonal ? robustSummary(same) : null;
      b = {
        median: active.median,
        mad: active.mad,
        days: Math.round((hour - from) / DAY),
        hour: sh && { median: sh.median, mad: sh.mad, weekly },
      };
    }
    cache.set(ck, b);
    return b;
  }

  function emit(id: string, t: HourTally, kind: SubjectKind, key: string, b: SpikeBaseline) {
    const ratio = t.value / Math.max(b.median, 1);
    findings.push(
      finding({
        rule: spec.rule,
        subject: { kind, key, label: t.label },
        severity: ratio >= 10 * p.minRatio ? "high" : "medium",
        start: t.hour,
        end: t.hour + HOUR,
        observed: { ...spec.observed(t), ratio: Math.round(ratio * 10) / 10 },
        baseline: {
          median: b.median,
          mad: b.mad,
          days: b.days,
          ...(b.hour && {
            hourMedian: b.hour.median,
            hourMad: b.hour.mad,
            weekly: b.hour.weekly ? 1 : 0,
          }),
        },
        sentence: spec.sentence({ ...t, kind }, b),
        evidence: fresh.get(id) ?? [],
      }),
    );
    fresh.delete(id);
    touched.delete(id);
  }

  const subjectOf = new Map<string, SpikeSubject>();
  for (const e of events) {
    if (!isMcp(e)) continue;
    const hour = hourStart(e.time);
    for (const s of spec.subjects(e)) {
      const id = `${s.kind}|${s.key}`;
      if (!firstSeen.has(id)) firstSeen.set(id, e.time);
      tallyLocal(local, id, hour, s.value);
      if (allow.has(s.key) || allow.has(e.actorId)) continue;
      subjectOf.set(id, s);
      let t = hours[id];
      if (t !== undefined && t.hour !== hour) {
        if (touched.has(id) && t.fired) {
          const b = baselineOf(s, id, t.hour);
          if (b) emit(id, t, s.kind, s.key, b);
        }
        t = undefined;
      }
      if (t === undefined)
        t = { hour, value: 0, calls: 0, fired: false, label: s.label, evidence: [], sent: 0 };
      else if (!own.has(id)) t = { ...t, evidence: [...t.evidence] };
      own.add(id);
      hours[id] = t;
      t.value += s.value;
      t.calls += 1;
      if (t.fired) {
        report(id, t, e.id);
        touched.add(id);
        continue;
      }
      if (t.evidence.length < EARLY_EVIDENCE) t.evidence.push(e.id);
      if (t.value < spec.floor(p)) continue;
      const b = baselineOf(s, id, hour);
      if (b === null) continue;
      if (far(t.value, b, p) && (!b.hour || far(t.value, b.hour, p))) {
        t.fired = true;
        // The hour's first events, then this one and those after it.
        for (const early of t.evidence) report(id, t, early);
        if (t.evidence.at(-1) !== e.id) report(id, t, e.id);
        t.evidence = [];
        touched.add(id);
      }
    }
  }
  for (const id of touched) {
    const t = hours[id];
    const s = subjectOf.get(id);
    const b = t && s ? baselineOf(s, id, t.hour) : null;
    if (t && s && b) emit(id, t, s.kind, s.key, b);
  }
  for (const [id, t] of Object.entries(hours)) {
    const b = cache.get(`${id}|${t.hour}`);
    if (b !== undefined && t.base !== b) hours[id] = { ...t, base: b };
  }
  // Only the current hour's tallies; past the cap, fired subjects and the busiest first.
  const current = hourStart(window.to - 1);
  const kept = bounded(
    hours,
    (t) => t.hour >= current,
    MAX_SUBJECTS,
    (a, b) => Number(b.fired) - Number(a.fired) || b.value - a.value,
  );
  return { findings, state: { hours: kept } };
}

/** Far above a baseline: beyond `threshold` robust spreads and `minRatio` times its median. */
function far(value: number, s: Pick<RobustSummary, "median" | "mad">, p: SpikeParams): boolean {
  return (
    value > s.median + p.threshold * robustSpread(s) && value >= p.minRatio * Math.max(s.median, 1)
  );
}
