import { z } from "zod";
import { DAY, HOUR, hourStart, MINUTE, median } from "../stats";
import type { Finding, Rule } from "../types";
import { actorLabel, addEvidence, historyWithWindow, isMcp, tallyLocal } from "./baseline-common";
import {
  collapseFinding,
  type GapSource,
  prune,
  SOURCES_PER_ACTOR,
  type Steady,
  silentFinding,
  type TelemetryGapState,
} from "./telemetry-gap-sources";

export type { TelemetryGapState };

/**
 * A source (ingest key or server) that sent steadily and stops, while the actors who used it
 * carry on through other sources: logging was switched off, a key was swapped for an unaudited
 * path, a gateway was bypassed. A whole tenant going quiet (a holiday, an outage) is not this:
 * silence needs an actor of the source active elsewhere. A steep drop in volume (collapse) is
 * flagged too; a whole hour at zero is left to the silence test and its corroboration.
 */

const params = z.object({
  silentMinutes: z
    .number()
    .int()
    .min(5)
    .max(1440)
    .default(30)
    .describe("Minutes without an event after which a steady source counts as silent."),
  minHourly: z
    .number()
    .min(1)
    .default(30)
    .describe(
      "A source is steady when its median events per hour is at least this; quieter sources have natural gaps.",
    ),
  minActiveShare: z
    .number()
    .min(0)
    .max(1)
    .default(0.9)
    .describe("A steady source also sent something in at least this share of its past hours."),
  baselineDays: z
    .number()
    .int()
    .min(1)
    .max(28)
    .default(7)
    .describe("Days of hourly history that decide whether a source is steady, and its median."),
  collapseRatio: z
    .number()
    .min(0)
    .max(1)
    .default(0.1)
    .describe(
      "A full hour with fewer events than this share of the source's median (but not none) is a collapse.",
    ),
});
export type TelemetryGapParams = z.infer<typeof params>;

export const telemetryGap: Rule<TelemetryGapParams, TelemetryGapState> = {
  id: "telemetry_gap",
  version: 1,
  title: "Telemetry gap",
  description:
    "An ingest key or server that sent steadily goes silent while its actors stay active through other sources, or its hourly volume collapses: audit logging switched off or bypassed.",
  params,
  enabledByDefault: true,
  initialState: () => ({ sources: {}, actors: {} }),
  evaluate({ events, state, params: p, allow, baselines, window }) {
    const sources = structuredClone(state.sources);
    const actors = structuredClone(state.actors);
    const local = new Map<string, Map<number, number>>();
    const findings: Finding[] = [];
    const silentMs = p.silentMinutes * MINUTE;

    const steadyAt = (s: GapSource, hour: number): Steady => {
      if (s.steady?.hour === hour) return s.steady;
      const series = historyWithWindow(
        baselines,
        s.kind,
        s.key,
        hour - p.baselineDays * DAY,
        hour,
        local.get(sourceId(s)),
      );
      const share = series.length ? series.filter((v) => v > 0).length / series.length : 0;
      const m = median(series);
      return {
        hour,
        median: m,
        activeShare: share,
        ok: m >= p.minHourly && share >= p.minActiveShare,
      };
    };
    const silenceOf = (s: GapSource, now: number): Steady | null => {
      if (now - s.last < silentMs || s.elsewhere === null) return null;
      s.steady = steadyAt(s, hourStart(s.last));
      return s.steady.ok ? s.steady : null;
    };

    for (const e of events) {
      if (!isMcp(e)) continue;
      const ids: string[] = [];
      for (const [kind, key] of [
        ["ingest_key", e.ingestKeyId],
        ["server", e.server],
      ] as const) {
        if (allow.has(key)) continue;
        const id = `${kind}|${key}`;
        ids.push(id);
        tallyLocal(local, id, hourStart(e.time), 1);
        const s = sources[id];
        if (s === undefined) {
          sources[id] = {
            kind,
            key,
            last: e.time,
            lastId: e.id,
            elsewhere: null,
            elsewhereActor: "",
            evidence: [],
            steady: null,
          };
          continue;
        }
        const st = silenceOf(s, e.time);
        if (st) findings.push(silentFinding(s, st, e.time, p, "resumed"));
        Object.assign(s, {
          last: e.time,
          lastId: e.id,
          elsewhere: null,
          elsewhereActor: "",
          evidence: [],
        });
      }
      const a = actors[e.actorId] ?? { last: e.time, sources: [] };
      a.last = e.time;
      // The actor's other sources of the same kinds see activity elsewhere after they went quiet.
      for (const sid of a.sources) {
        const s = sources[sid];
        if (s === undefined || ids.includes(sid) || s.last >= e.time) continue;
        if (s.elsewhere === null)
          Object.assign(s, { elsewhere: e.time, elsewhereActor: actorLabel(e) });
        if (s.evidence.length < 20) addEvidence(s.evidence, e.id);
      }
      a.sources = [...ids, ...a.sources.filter((x) => !ids.includes(x))].slice(
        0,
        SOURCES_PER_ACTOR,
      );
      actors[e.actorId] = a;
    }

    const now = window.to;
    for (const s of Object.values(sources)) {
      const st = silenceOf(s, now);
      if (st) findings.push(silentFinding(s, st, now, p, "ongoing"));
    }
    // Every hour that ended in this window, checked once however the windows fall.
    for (let h = hourStart(window.from); h + HOUR <= now; h += HOUR) {
      for (const s of Object.values(sources)) {
        const [count = 0] = historyWithWindow(
          baselines,
          s.kind,
          s.key,
          h,
          h + HOUR,
          local.get(sourceId(s)),
        );
        // A whole hour at zero is the silence test's, which needs actors active elsewhere.
        if (count === 0) continue;
        const st = steadyAt(s, h);
        if (st.ok && count < p.collapseRatio * st.median)
          findings.push(collapseFinding(s, st, h, count, p));
      }
    }
    return { findings, state: prune(sources, actors, now) };
  },
};

function sourceId(s: Pick<GapSource, "kind" | "key">): string {
  return `${s.kind}|${s.key}`;
}
