import { z } from "zod";
import { DAY, HOUR, HOURS_PER_WEEK, hourStart } from "../stats";
import type { Finding, Rule } from "../types";
import {
  actorLabel,
  addEvidence,
  finding,
  historyWithWindow,
  hourRange,
  isMcp,
  tallyLocal,
} from "./baseline-common";

/**
 * A person working at an hour they normally never work, learned from their own history rather
 * than a fixed clock (night shifts and other time zones are normal for those who have them).
 * People only: agents and services run around the clock. Opt-in: many teams work odd hours.
 * An hour counts as worked on a day when the person was active in it or within neighbourHours
 * of it: starting an hour early or staying an hour late is not off hours, and someone who has
 * worked at 22:00 and at 00:00 has in effect worked around 23:00.
 */

const params = z.object({
  baselineDays: z
    .number()
    .int()
    .min(7)
    .max(28)
    .default(28)
    .describe("Days of the person's hourly activity from which their usual hours are learned."),
  minHistoryDays: z
    .number()
    .int()
    .min(7)
    .max(28)
    .default(7)
    .describe(
      "Days a person must have been seen before their hours are judged; until then they are learning.",
    ),
  minCalls: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe(
      "Calls in a quiet hour that raise a flag: one stray call (a phone, a scheduled sync) is not activity.",
    ),
  neighbourHours: z
    .number()
    .int()
    .min(0)
    .max(3)
    .default(1)
    .describe(
      "Activity this many hours either side counts as activity in the hour: people start early and stay late, so an hour next to their usual ones is not off hours.",
    ),
  quietShare: z
    .number()
    .min(0)
    .max(1)
    .default(0)
    .describe(
      "An hour is quiet when the person was active in it (or next to it) on at most this share of the past weeks (hour of the week, with two weeks of history or more) or days (hour of the day, before). 0: never; an hour worked even once is one of theirs.",
    ),
});
export type OffHoursParams = z.infer<typeof params>;

type HourTally = {
  hour: number;
  calls: number;
  fired: boolean;
  label: string;
  evidence: string[];
  /** The hour's usual activity once computed (null: learning), reused by later windows. */
  usual?: Usual | null;
};
export type OffHoursState = { hours: Record<string, HourTally> };
type Usual = { active: number; periods: number; weekly: boolean };

const MAX_ACTORS = 10_000;

export const offHours: Rule<OffHoursParams, OffHoursState> = {
  id: "off_hours",
  version: 2,
  title: "Off-hours activity",
  description:
    "A person (actor type user) making calls in an hour of the week in which (or next to which) they were never active, learned from their own last weeks: a stolen session or token used while its owner sleeps.",
  params,
  enabledByDefault: false,
  initialState: () => ({ hours: {} }),
  evaluate({ events, state, params: p, allow, baselines, window }) {
    // Copy on write: state is never mutated (the engine may run a window twice).
    const hours: Record<string, HourTally> = { ...state.hours };
    const own = new Set<string>();
    const local = new Map<string, Map<number, number>>();
    const firstSeen = new Map<string, number>();
    const cache = new Map<string, Usual | null>();
    for (const [actor, t] of Object.entries(hours))
      if (t.usual !== undefined) cache.set(`${actor}|${t.hour}`, t.usual);
    const touched = new Set<string>();
    const findings: Finding[] = [];

    function usualOf(actor: string, hour: number): Usual | null {
      const ck = `${actor}|${hour}`;
      if (cache.has(ck)) return cache.get(ck) ?? null;
      const first = baselines.seen("actor", actor)?.first ?? firstSeen.get(actor) ?? hour;
      let u: Usual | null = null;
      if (hour - first >= p.minHistoryDays * DAY) {
        // From the day the person was first seen: the early hours of that day count as not worked.
        const from = Math.max(hour - p.baselineDays * DAY, Math.floor(first / DAY) * DAY);
        const series = historyWithWindow(baselines, "actor", actor, from, hour, local.get(actor));
        // Hour of the week once two weeks exist (weekends differ from weekdays), else hour of the day.
        const weekly = hour - first >= 14 * DAY;
        const step = weekly ? HOURS_PER_WEEK : 24;
        const at = Math.round((hour - from) / HOUR);
        let active = 0;
        let periods = 0;
        for (let i = at - step; i >= 0; i -= step) {
          periods += 1;
          if (activeNear(series, i, p.neighbourHours)) active += 1;
        }
        u = { active, periods, weekly };
      }
      cache.set(ck, u);
      return u;
    }

    function emit(actor: string, t: HourTally) {
      const u = usualOf(actor, t.hour);
      if (u === null) return;
      const period = u.weekly ? "weeks" : "days";
      findings.push(
        finding({
          rule: "off_hours",
          subject: { kind: "actor", key: actor, label: t.label },
          severity: "medium",
          start: t.hour,
          end: t.hour + HOUR,
          observed: { calls: t.calls },
          baseline: { activePeriods: u.active, periods: u.periods, weekly: u.weekly ? 1 : 0 },
          sentence: `${t.label} made ${t.calls} calls ${hourRange(t.hour)}, an hour of the ${u.weekly ? "week" : "day"} in which they were active on ${u.active} of the last ${u.periods} ${period}${p.neighbourHours > 0 ? ` (counting ${p.neighbourHours} h either side)` : ""}`,
          evidence: t.evidence,
        }),
      );
      touched.delete(actor);
    }

    for (const e of events) {
      if (!isMcp(e) || e.actorType !== "user") continue;
      const hour = hourStart(e.time);
      if (!firstSeen.has(e.actorId)) firstSeen.set(e.actorId, e.time);
      tallyLocal(local, e.actorId, hour, 1);
      if (allow.has(e.actorId)) continue;
      let t = hours[e.actorId];
      if (t !== undefined && t.hour !== hour) {
        if (touched.has(e.actorId) && t.fired) emit(e.actorId, t);
        t = undefined;
      }
      if (t === undefined) t = { hour, calls: 0, fired: false, label: actorLabel(e), evidence: [] };
      else if (!own.has(e.actorId)) t = { ...t, evidence: [...t.evidence] };
      own.add(e.actorId);
      hours[e.actorId] = t;
      t.calls += 1;
      addEvidence(t.evidence, e.id);
      if (t.fired) touched.add(e.actorId);
      if (t.fired || t.calls < p.minCalls) continue;
      const u = usualOf(e.actorId, hour);
      if (u !== null && u.periods > 0 && u.active / u.periods <= p.quietShare) {
        t.fired = true;
        touched.add(e.actorId);
      }
    }
    for (const actor of touched) {
      const t = hours[actor];
      if (t) emit(actor, t);
    }
    for (const [actor, t] of Object.entries(hours)) {
      const u = cache.get(`${actor}|${t.hour}`);
      if (u !== undefined && t.usual !== u) hours[actor] = { ...t, usual: u };
    }
    const current = hourStart(window.to - 1);
    const kept = Object.entries(hours).filter(([, t]) => t.hour >= current);
    return { findings, state: { hours: Object.fromEntries(kept.slice(0, MAX_ACTORS)) } };
  },
};

/** Any activity within `n` hours either side of index `i` (the series ends before the hour judged). */
function activeNear(series: readonly number[], i: number, n: number): boolean {
  for (let j = Math.max(0, i - n); j <= i + n && j < series.length; j++)
    if ((series[j] ?? 0) > 0) return true;
  return false;
}
