import { z } from "zod";
import { MINUTE } from "../stats";
import type { DetectEvent, Finding, Rule } from "../types";
import { actorLabel, addEvidence, clock, finding, isMcp } from "./baseline-common";

/**
 * The burst rules (denial_burst, validation_error_burst, rate_limit_storm): per actor, at least
 * `threshold` matching events within a sliding `windowMinutes`. One episode lasts while matching
 * events keep coming less than `windowMinutes` apart; a quiet gap of `windowMinutes` ends it and
 * the next burst must reach the threshold again.
 */

export type BurstParams = { threshold: number; windowMinutes: number };

type Episode = { start: number; last: number; count: number; peak: number; evidence: string[] };
type ActorBurst = {
  label: string;
  /** Times and ids of this actor's matching events within the sliding window, oldest first. */
  times: number[];
  ids: string[];
  episode: Episode | null;
};
export type BurstState = { actors: Record<string, ActorBurst> };

/** Bounds state: the sliding window's events per actor and the actors followed. */
const MAX_RECENT = 2000;
const MAX_ACTORS = 10_000;

export type BurstSpec = {
  id: "denial_burst" | "validation_error_burst" | "rate_limit_storm";
  title: string;
  description: string;
  matches(e: DetectEvent): boolean;
  /** "alice was denied 14 times" */
  what(label: string, count: number): string;
  threshold: { default: number; why: string };
  windowMinutes: { default: number; why: string };
};

export function burstRule(spec: BurstSpec): Rule<BurstParams, BurstState> {
  const params = z.object({
    threshold: z
      .number()
      .int()
      .min(2)
      .max(1000)
      .default(spec.threshold.default)
      .describe(spec.threshold.why),
    windowMinutes: z
      .number()
      .int()
      .min(1)
      .max(60)
      .default(spec.windowMinutes.default)
      .describe(spec.windowMinutes.why),
  });

  function emit(actor: string, a: ActorBurst, ep: Episode, p: BurstParams): Finding {
    return finding({
      rule: spec.id,
      subject: { kind: "actor", key: actor, label: a.label },
      severity: ep.peak >= 3 * p.threshold ? "high" : "medium",
      start: ep.start,
      end: ep.last,
      observed: { events: ep.count, peak: ep.peak },
      baseline: { threshold: p.threshold, windowMinutes: p.windowMinutes },
      sentence: `${spec.what(a.label, ep.count)} between ${clock(ep.start)} and ${clock(ep.last)} UTC (at most ${ep.peak} within ${p.windowMinutes} minutes; the rule flags ${p.threshold} within ${p.windowMinutes} minutes)`,
      evidence: ep.evidence,
    });
  }

  return {
    id: spec.id,
    version: 1,
    title: spec.title,
    description: spec.description,
    params,
    enabledByDefault: true,
    initialState: () => ({ actors: {} }),
    evaluate({ events, state, params: p, allow, window }) {
      const span = p.windowMinutes * MINUTE;
      const actors = structuredClone(state.actors);
      const findings: Finding[] = [];
      const touched = new Set<string>();
      for (const e of events) {
        if (!isMcp(e) || !spec.matches(e) || allow.has(e.actorId)) continue;
        const a = actors[e.actorId] ?? { label: "", times: [], ids: [], episode: null };
        actors[e.actorId] = a;
        a.label = actorLabel(e);
        a.times.push(e.time);
        a.ids.push(e.id);
        while ((a.times[0] ?? e.time) <= e.time - span || a.times.length > MAX_RECENT) {
          a.times.shift();
          a.ids.shift();
        }
        if (a.episode !== null && e.time - a.episode.last >= span) {
          if (touched.has(e.actorId)) findings.push(emit(e.actorId, a, a.episode, p));
          touched.delete(e.actorId);
          a.episode = null;
        }
        if (a.episode !== null) {
          a.episode.last = e.time;
          a.episode.count += 1;
          a.episode.peak = Math.max(a.episode.peak, a.times.length);
          addEvidence(a.episode.evidence, e.id);
          touched.add(e.actorId);
        } else if (a.times.length >= p.threshold) {
          const ep: Episode = {
            start: a.times[0] ?? e.time,
            last: e.time,
            count: a.times.length,
            peak: a.times.length,
            evidence: [],
          };
          for (const id of a.ids) addEvidence(ep.evidence, id);
          a.episode = ep;
          touched.add(e.actorId);
        }
      }
      for (const actor of touched) {
        const a = actors[actor];
        if (a?.episode) findings.push(emit(actor, a, a.episode, p));
      }
      return { findings, state: { actors: prune(actors, window.to - span) } };
    },
  };
}

/** Drops actors with nothing inside the sliding window and no episode that could continue. */
function prune(actors: Record<string, ActorBurst>, horizon: number): Record<string, ActorBurst> {
  const kept = Object.entries(actors).filter(([, a]) => (a.times.at(-1) ?? 0) > horizon);
  kept.sort((x, y) => (y[1].times.at(-1) ?? 0) - (x[1].times.at(-1) ?? 0));
  return Object.fromEntries(kept.slice(0, MAX_ACTORS));
}
