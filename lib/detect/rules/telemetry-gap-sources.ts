import { DAY, HOUR, MINUTE } from "../stats";
import type { Finding } from "../types";
import { clock, finding, hourRange, num } from "./baseline-common";

/**
 * The sources telemetry_gap follows (ingest keys and servers): their state, how it is bounded,
 * and the findings about them.
 */

/** One source telemetry_gap follows (an ingest key or a server), as kept in its state. */
export type GapSource = {
  kind: "ingest_key" | "server";
  key: string;
  /** Its latest event (epoch ms) and that event's id (the last evidence before a gap). */
  last: number;
  lastId: string;
  /** When one of its actors was first active on another source after `last`, else null. */
  elsewhere: number | null;
  elsewhereActor: string;
  /** Events of its actors elsewhere since `last` (at most 20). */
  evidence: string[];
  /** Whether it was steady before the hour of `last` (cached per hour). */
  steady: Steady | null;
};

export type Steady = { hour: number; median: number; activeShare: number; ok: boolean };

export type ActorSources = { last: number; sources: string[] };
export type TelemetryGapState = {
  sources: Record<string, GapSource>;
  actors: Record<string, ActorSources>;
};

/** Sources silent for longer are forgotten (a retired key is not an ongoing gap). */
const FORGET_AFTER = 7 * DAY;
const MAX_SOURCES = 2_000;
const MAX_ACTORS = 10_000;
export const SOURCES_PER_ACTOR = 8;

/** Forgets sources and actors silent for a week, and keeps the most recent within the caps. */
export function prune(
  sources: Record<string, GapSource>,
  actors: Record<string, ActorSources>,
  now: number,
): TelemetryGapState {
  const horizon = now - FORGET_AFTER;
  const keptSources = Object.entries(sources)
    .filter(([, s]) => s.last > horizon)
    .sort((a, b) => b[1].last - a[1].last)
    .slice(0, MAX_SOURCES);
  const keptActors = Object.entries(actors)
    .filter(([, a]) => a.last > horizon)
    .sort((a, b) => b[1].last - a[1].last)
    .slice(0, MAX_ACTORS);
  return { sources: Object.fromEntries(keptSources), actors: Object.fromEntries(keptActors) };
}

export function silentFinding(
  s: GapSource,
  st: Steady,
  end: number,
  p: { silentMinutes: number; baselineDays: number },
  phase: "ongoing" | "resumed",
): Finding {
  const noun = s.kind === "server" ? "Server" : "Ingest key";
  const other = s.kind === "server" ? "other servers" : "other ingest keys";
  const minutes = Math.floor((end - s.last) / MINUTE);
  const silence =
    phase === "ongoing"
      ? `has sent nothing since ${clock(s.last)} UTC (${minutes} minutes)`
      : `sent nothing from ${clock(s.last)} to ${clock(end)} UTC (${minutes} minutes)`;
  return finding({
    rule: "telemetry_gap",
    subject: { kind: s.kind, key: s.key, label: s.key },
    severity: "high",
    start: s.last,
    end,
    observed: { silentMinutes: minutes, silent: 1 },
    baseline: {
      medianHourly: st.median,
      activeShare: Math.round(st.activeShare * 100) / 100,
      silentMinutes: p.silentMinutes,
    },
    sentence: `${noun} ${s.key} ${silence} while ${s.elsewhereActor} stayed active through ${other}; it sent a median of ${num(st.median)} events an hour over the previous ${p.baselineDays} days`,
    evidence: [s.lastId, ...s.evidence],
  });
}

export function collapseFinding(
  s: GapSource,
  st: Steady,
  hour: number,
  count: number,
  p: { collapseRatio: number; baselineDays: number },
): Finding {
  const noun = s.kind === "server" ? "Server" : "Ingest key";
  return finding({
    rule: "telemetry_gap",
    subject: { kind: s.kind, key: s.key, label: s.key },
    severity: "medium",
    start: hour,
    end: hour + HOUR,
    observed: { events: count, collapse: 1 },
    baseline: { medianHourly: st.median, activeShare: Math.round(st.activeShare * 100) / 100 },
    sentence: `${noun} ${s.key} sent ${count} events ${hourRange(hour)}, under ${Math.round(p.collapseRatio * 100)}% of its hourly median of ${num(st.median)} over the previous ${p.baselineDays} days (last event at ${clock(s.last)} UTC)`,
    evidence: [s.lastId],
  });
}
