import { z } from "zod";
import { DAY } from "../stats";
import type { DetectEvent, Finding, Rule, SubjectKind } from "../types";
import { actorLabel, finding, isMcp, SEP, stamp } from "./baseline-common";

/**
 * "New terms": an actor reaching a tool or server it has not used in `lookbackDays`, and a tool
 * or server the tenant has never seen. Learning periods keep a new tenant or a new actor, whose
 * every call is a first, from raising a flood of flags.
 */

const params = z.object({
  lookbackDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(30)
    .describe(
      "An actor's use of a tool or server counts as new when it did not use it in this many days.",
    ),
  learningDays: z
    .number()
    .int()
    .min(0)
    .max(90)
    .default(7)
    .describe(
      "Days after the rule starts learning in a tenant during which nothing is flagged: every call is new then.",
    ),
  actorLearningDays: z
    .number()
    .int()
    .min(0)
    .max(90)
    .default(3)
    .describe("Days after an actor is first seen during which its first uses are not flagged."),
});
export type FirstUseParams = z.infer<typeof params>;

/** Keys flagged lately (epoch ms), so a pair is flagged once however the windows fall. */
export type FirstUseState = { flagged: Record<string, number> };
const MAX_FLAGGED = 5_000;

type Term = { kind: SubjectKind; key: string };

function terms(e: DetectEvent): Term[] {
  const out: Term[] = [
    { kind: "actor_server", key: `${e.actorId}${SEP}${e.server}` },
    { kind: "server", key: e.server },
  ];
  if (e.tool !== null) {
    out.push(
      { kind: "actor_tool", key: `${e.actorId}${SEP}${e.tool}` },
      { kind: "tool", key: e.tool },
    );
  }
  // Last, so the actor's own first use is known to the terms above only from earlier events.
  out.push({ kind: "actor", key: e.actorId });
  return out;
}

/** The subject's label and what happened, built only for what is flagged. */
function describe(t: Term, e: DetectEvent): { label: string; what: string } {
  const who = actorLabel(e);
  switch (t.kind) {
    case "actor_server":
      return { label: `${who} · ${e.server}`, what: `${who} used server ${e.server}` };
    case "actor_tool":
      return { label: `${who} · ${e.tool}`, what: `${who} called ${e.tool}` };
    case "server":
      return { label: e.server, what: `Server ${e.server} was used` };
    default:
      return { label: t.key, what: `Tool ${t.key} was called` };
  }
}

export const firstUse: Rule<FirstUseParams, FirstUseState> = {
  id: "first_use",
  version: 1,
  title: "First use",
  description:
    "An actor calling a tool or server it has not used in the last 30 days, or a tool or server never seen in the tenant: new capabilities in use, often the first step of misuse.",
  params,
  enabledByDefault: true,
  initialState: () => ({ flagged: {} }),
  evaluate({ events, state, params: p, allow, baselines, window }) {
    const flagged = { ...state.flagged };
    const findings: Finding[] = [];
    // First and last seen of what this window already used (the baselines know only earlier windows).
    const local = new Map<string, { first: number; last: number }>();
    const seen = (kind: SubjectKind, key: string, now: number) => {
      const mine = local.get(`${kind}|${key}`);
      if (mine !== undefined) return mine;
      const s = baselines.seen(kind, key);
      return s !== null && s.first < now ? s : null;
    };
    const learningEnds = baselines.learningSince + p.learningDays * DAY;
    const lookback = p.lookbackDays * DAY;
    for (const e of events) {
      if (!isMcp(e)) continue;
      const actorFirst = seen("actor", e.actorId, e.time)?.first ?? e.time;
      const quiet =
        e.time < learningEnds ||
        e.time - actorFirst < p.actorLearningDays * DAY ||
        allow.has(e.actorId);
      for (const t of terms(e)) {
        const before = seen(t.kind, t.key, e.time);
        const id = `${t.kind}|${t.key}`;
        local.set(id, { first: before?.first ?? e.time, last: e.time });
        if (t.kind === "actor" || quiet || allow.has(t.key)) continue;
        const tenantWide = t.kind === "tool" || t.kind === "server";
        // A tool or server is new to the tenant only when never seen; a pair, after the look-back.
        const isNew = before === null || (!tenantWide && e.time - before.last > lookback);
        if (!isNew || (flagged[id] ?? -Infinity) > e.time - lookback) continue;
        flagged[id] = e.time;
        const { label, what } = describe(t, e);
        const ago = before === null ? null : Math.floor((e.time - before.last) / DAY);
        findings.push(
          finding({
            rule: "first_use",
            subject: { kind: t.kind, key: t.key, label },
            severity: tenantWide ? "medium" : "low",
            start: e.time,
            end: e.time,
            observed: ago === null ? { firstUse: 1 } : { firstUse: 1, daysSinceLastUse: ago },
            baseline: { lookbackDays: p.lookbackDays },
            sentence:
              before === null
                ? `${what} for the first time${tenantWide ? ` in this tenant (by ${actorLabel(e)})` : ""} at ${stamp(e.time)}`
                : `${what} at ${stamp(e.time)} for the first time in ${ago} days (last on ${stamp(before.last)}; the rule looks back ${p.lookbackDays} days)`,
            evidence: [e.id],
          }),
        );
      }
    }
    return { findings, state: { flagged: prune(flagged, window.to - DAY) } };
  },
};

/** A day of flagged keys is enough: the engine's first/last seen covers anything older. */
function prune(flagged: Record<string, number>, horizon: number): Record<string, number> {
  const kept = Object.entries(flagged).filter(([, t]) => t > horizon);
  kept.sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(kept.slice(0, MAX_FLAGGED));
}
