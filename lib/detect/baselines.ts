import type { DetectionStore } from "../../db/store/detection-types";
import { DAY, HOUR, hourStart } from "./stats";
import type { Baselines, SeriesKind, SubjectKind } from "./types";

/**
 * The learned history the rules read, loaded from the stored tallies before a window is
 * committed, so it reflects only what came before the window. Rules are synchronous, so history
 * is preloaded for the keys the window's events name; a rule asking about another key (a source
 * that went silent) gets zeros once, the engine loads what was missed and runs it again (rules
 * are pure, so a second run is the same computation with the history it asked for).
 */

/** How far back baselines reach (the longest lookback of any rule: four weeks of hours). */
export const LOOKBACK_MS = 28 * DAY;
/** Keys per query, so one statement stays a reasonable size. */
const KEYS_PER_QUERY = 500;

export type HistoryKeys = {
  series: Map<SeriesKind, Set<string>>;
  seen: Map<SubjectKind, Set<string>>;
};

export function emptyKeys(): HistoryKeys {
  return { series: new Map(), seen: new Map() };
}

function addKey<K>(m: Map<K, Set<string>>, kind: K, key: string): void {
  const set = m.get(kind) ?? new Set<string>();
  set.add(key);
  m.set(kind, set);
}

/** Hourly values and first/last seen as loaded so far; grows with `load`. */
export class History {
  private readonly hourlyValues = new Map<string, number>();
  private readonly loadedSeries = new Set<string>();
  private readonly seenValues = new Map<string, { first: number; last: number }>();
  private readonly loadedSeen = new Set<string>();

  constructor(
    private readonly store: Pick<DetectionStore, "hourly" | "seen">,
    /** History covers [from, to): hours before the window, and the window's own hour so far. */
    readonly from: number,
    readonly to: number,
  ) {}

  /** Loads the keys not loaded yet: one query per series or kind (per 500 keys). */
  async load(keys: HistoryKeys): Promise<void> {
    for (const [series, set] of keys.series) {
      const todo = [...set].filter((k) => !this.loadedSeries.has(`${series}\u001f${k}`));
      for (let i = 0; i < todo.length; i += KEYS_PER_QUERY) {
        const part = todo.slice(i, i + KEYS_PER_QUERY);
        const rows = await this.store.hourly(series, part, new Date(this.from), new Date(this.to));
        for (const r of rows)
          this.hourlyValues.set(`${series}\u001f${r.key}\u001f${r.hour.getTime()}`, r.value);
        for (const k of part) this.loadedSeries.add(`${series}\u001f${k}`);
      }
    }
    for (const [kind, set] of keys.seen) {
      const todo = [...set].filter((k) => !this.loadedSeen.has(`${kind}\u001f${k}`));
      for (let i = 0; i < todo.length; i += KEYS_PER_QUERY) {
        const part = todo.slice(i, i + KEYS_PER_QUERY);
        for (const r of await this.store.seen(kind, part))
          this.seenValues.set(`${kind}\u001f${r.key}`, {
            first: r.first.getTime(),
            last: r.last.getTime(),
          });
        for (const k of part) this.loadedSeen.add(`${kind}\u001f${k}`);
      }
    }
  }

  /**
   * The rules' view, with `learningSince`. Keys asked for but not loaded are recorded in
   * `misses` (and answered with nothing) so the caller can load them and run the rule again.
   * `asOf` replays the past (preview): hours from its time on and keys first seen after it are
   * hidden, and last seen is what the replay itself saw, else the replay's start at most.
   */
  view(learningSince: number, misses: HistoryKeys, asOf?: AsOf): Baselines {
    const hideFrom = asOf ? hourStart(asOf.time) : Number.POSITIVE_INFINITY;
    return {
      hourly: (kind, key, from, to) => {
        if (!this.loadedSeries.has(`${kind}\u001f${key}`)) addKey(misses.series, kind, key);
        const out: number[] = [];
        for (let h = hourStart(from); h < to; h += HOUR)
          out.push(
            h >= this.from && h < this.to && h < hideFrom
              ? (this.hourlyValues.get(`${kind}\u001f${key}\u001f${h}`) ?? 0)
              : 0,
          );
        return out;
      },
      seen: (kind, key) => {
        if (!this.loadedSeen.has(`${kind}\u001f${key}`)) addKey(misses.seen, kind, key);
        const s = this.seenValues.get(`${kind}\u001f${key}`) ?? null;
        if (!s || !asOf) return s;
        if (s.first >= asOf.time) return null;
        const recent = asOf.recentLast(kind, key);
        return { first: s.first, last: recent ?? Math.min(s.last, asOf.replayFrom) };
      },
      learningSince,
    };
  }
}

export type AsOf = {
  time: number;
  /** Where the replay began: stored last-seen values are only known to reach this far. */
  replayFrom: number;
  /** The last time the replay itself saw the key, if it did. */
  recentLast(kind: SubjectKind, key: string): number | undefined;
};

export function hasMisses(k: HistoryKeys): boolean {
  return k.series.size > 0 || k.seen.size > 0;
}

/** The history range of a window: four weeks before its first hour, to the end of its last. */
export function historyRange(window: { from: number; to: number }): { from: number; to: number } {
  return { from: hourStart(window.from) - LOOKBACK_MS, to: hourStart(window.to - 1) + HOUR };
}
