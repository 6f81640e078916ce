import { HOUR, hourStart } from "../stats";
import type { Baselines, DetectEvent, SeriesKind, SubjectKind } from "../types";

/**
 * Baselines over a list of events, as the engine's tallies hold them after evaluating every
 * event added so far: hourly series and first/last seen. Internal events (Tooltrail's own
 * activity) are not tallied, as the MCP rules never look at them.
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

/** Tallies that grow as windows are evaluated, like the engine's (runRule adds each window). */
export class MemoryTallies {
  private readonly tallies = new Map<string, number>();
  /** actor_distinct: distinct argument values an actor used in the hour (enumeration's series). */
  private readonly distinct = new Map<string, Set<string>>();
  private readonly seenAt = new Map<string, { first: number; last: number }>();

  add(events: readonly DetectEvent[]): void {
    for (const e of events) {
      if (e.internal) continue;
      const hour = hourStart(e.time);
      for (const [kind, key, value] of seriesValues(e)) {
        const k = `${kind}|${key}|${hour}`;
        this.tallies.set(k, (this.tallies.get(k) ?? 0) + value);
      }
      const dk = `actor_distinct|${e.actorId}|${hour}`;
      const set = this.distinct.get(dk) ?? new Set<string>();
      for (const v of e.argValues) set.add(v);
      this.distinct.set(dk, set);
      for (const [kind, key] of seenKeys(e)) {
        const k = `${kind}|${key}`;
        const s = this.seenAt.get(k);
        if (s === undefined) this.seenAt.set(k, { first: e.time, last: e.time });
        else
          this.seenAt.set(k, { first: Math.min(s.first, e.time), last: Math.max(s.last, e.time) });
      }
    }
  }

  baselines(learningSince: number): Baselines {
    return {
      hourly: (kind, key, from, to) => {
        const out: number[] = [];
        for (let h = hourStart(from); h < to; h += HOUR) {
          const k = `${kind}|${key}|${h}`;
          out.push(
            kind === "actor_distinct"
              ? (this.distinct.get(k)?.size ?? 0)
              : (this.tallies.get(k) ?? 0),
          );
        }
        return out;
      },
      seen: (kind, key) => {
        const s = this.seenAt.get(`${kind}|${key}`);
        return s === undefined ? null : { ...s };
      },
      learningSince,
    };
  }
}

/** Baselines of the events before `before`. */
export function memoryBaselines(
  events: readonly DetectEvent[],
  opts: { before: number; learningSince: number },
): Baselines {
  const t = new MemoryTallies();
  t.add(events.filter((e) => e.time < opts.before));
  return t.baselines(opts.learningSince);
}
