import { HOUR, hourStart } from "../stats";
import type { Baselines, DetectEvent, SeriesKind, SubjectKind } from "../types";

/**
 * Baselines over a list of events, as the engine's tallies would hold them after evaluating
 * every event before `before`: hourly series and first/last seen. Internal events (Tooltrail's
 * own activity) are not tallied, as the MCP rules never look at them.
 */

const SEP = "\u001f";

function seriesValues(e: DetectEvent): [SeriesKind, string, number][] {
  const out: [SeriesKind, string, number][] = [
    ["actor", e.actorId, 1],
    ["actor_bytes", e.actorId, e.resultBytes ?? 0],
    ["server", e.server, 1],
    ["ingest_key", e.ingestKeyId, 1],
  ];
  if (e.tool !== null) out.push(["actor_tool", `${e.actorId}${SEP}${e.tool}`, 1]);
  return out;
}

function seenKeys(e: DetectEvent): [SubjectKind, string][] {
  const out: [SubjectKind, string][] = [
    ["actor", e.actorId],
    ["server", e.server],
    ["ingest_key", e.ingestKeyId],
    ["actor_server", `${e.actorId}${SEP}${e.server}`],
  ];
  if (e.tool !== null) {
    out.push(["tool", e.tool], ["actor_tool", `${e.actorId}${SEP}${e.tool}`]);
  }
  if (e.sessionId !== null) out.push(["session", e.sessionId]);
  return out;
}

export function memoryBaselines(
  events: readonly DetectEvent[],
  opts: { before: number; learningSince: number },
): Baselines {
  const tallies = new Map<string, number>();
  const distinct = new Map<string, Set<string>>();
  const seen = new Map<string, { first: number; last: number }>();
  for (const e of events) {
    if (e.internal || e.time >= opts.before) continue;
    const hour = hourStart(e.time);
    for (const [kind, key, value] of seriesValues(e)) {
      const k = `${kind}|${key}|${hour}`;
      tallies.set(k, (tallies.get(k) ?? 0) + value);
    }
    // actor_distinct: distinct argument values an actor used in the hour (enumeration's series).
    const dk = `${e.actorId}|${hour}`;
    const set = distinct.get(dk) ?? new Set<string>();
    for (const v of e.argValues) set.add(v);
    distinct.set(dk, set);
    for (const [kind, key] of seenKeys(e)) {
      const k = `${kind}|${key}`;
      const s = seen.get(k);
      if (s === undefined) seen.set(k, { first: e.time, last: e.time });
      else seen.set(k, { first: Math.min(s.first, e.time), last: Math.max(s.last, e.time) });
    }
  }
  for (const [dk, set] of distinct) {
    const [actor, hour] = dk.split("|");
    tallies.set(`actor_distinct|${actor}|${hour}`, set.size);
  }
  return {
    hourly(kind, key, from, to) {
      const out: number[] = [];
      for (let h = hourStart(from); h < to; h += HOUR)
        out.push(tallies.get(`${kind}|${key}|${h}`) ?? 0);
      return out;
    },
    seen(kind, key) {
      return seen.get(`${kind}|${key}`) ?? null;
    },
    learningSince: opts.learningSince,
  };
}
