import type { DetectionStore } from "../../db/store/detection-types";
import { type CachedSeen, type CachedSeries, HistoryCache } from "./history-cache";
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
  constructor(
    private readonly store: Pick<DetectionStore, "hourly" | "seen">,
    /** History covers [from, to): hours before the window, and the window's own hour so far. */
    readonly from: number,
    readonly to: number,
    /** What earlier evaluations already read (history-cache.ts); a private one by default. */
    private readonly cache: HistoryCache = new HistoryCache(0, false),
  ) {}

  /** Loads the keys not loaded yet: one query per series or kind (per 500 keys). */
  async load(keys: HistoryKeys): Promise<void> {
    for (const [series, set] of keys.series) {
      const todo: string[] = [];
      for (const k of set) {
        const s = this.cache.getSeries(`${series}\u001f${k}`);
        if (!s || s.from > this.from) todo.push(k);
        else trim(s, this.from);
      }
      for (let i = 0; i < todo.length; i += KEYS_PER_QUERY) {
        const part = todo.slice(i, i + KEYS_PER_QUERY);
        const loaded = new Map<string, CachedSeries>();
        for (const k of part) loaded.set(k, { from: this.from, hours: [], values: [] });
        const rows = await this.store.hourly(series, part, new Date(this.from), new Date(this.to));
        for (const r of rows) {
          const s = loaded.get(r.key);
          s?.hours.push(r.hour.getTime());
          s?.values.push(r.value);
        }
        for (const [k, s] of loaded) this.cache.series.set(`${series}\u001f${k}`, sorted(s));
      }
    }
    for (const [kind, set] of keys.seen) {
      const todo = [...set].filter((k) => this.cache.getSeen(`${kind}\u001f${k}`) === undefined);
      for (let i = 0; i < todo.length; i += KEYS_PER_QUERY) {
        const part = todo.slice(i, i + KEYS_PER_QUERY);
        const found = new Map<string, CachedSeen>();
        for (const r of await this.store.seen(kind, part))
          found.set(r.key, { first: r.first.getTime(), last: r.last.getTime() });
        for (const k of part) this.cache.seen.set(`${kind}\u001f${k}`, found.get(k) ?? null);
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
        const s = this.cache.series.get(`${kind}\u001f${key}`);
        if (!s || s.from > this.from) addKey(misses.series, kind, key);
        const first = hourStart(from);
        const out: number[] = [];
        for (let h = first; h < to; h += HOUR) out.push(0);
        if (!s || s.from > this.from) return out;
        const lo = Math.max(first, this.from);
        const hi = Math.min(to, this.to, hideFrom);
        for (let i = lowerBound(s.hours, lo); i < s.hours.length; i++) {
          const h = s.hours[i] as number;
          if (h >= hi) break;
          out[(h - first) / HOUR] = s.values[i] as number;
        }
        return out;
      },
      seen: (kind, key) => {
        const id = `${kind}\u001f${key}`;
        const cached = this.cache.seen.get(id);
        if (cached === undefined) addKey(misses.seen, kind, key);
        const s = cached ?? null;
        if (!s || !asOf) return s ? { first: s.first, last: s.last } : null;
        if (s.first >= asOf.time) return null;
        const recent = asOf.recentLast(kind, key);
        return { first: s.first, last: recent ?? Math.min(s.last, asOf.replayFrom) };
      },
      learningSince,
    };
  }
}

/** The store gives rows by key, hours in order; sorted here too so the binary search holds. */
function sorted(s: CachedSeries): CachedSeries {
  for (let i = 1; i < s.hours.length; i++)
    if ((s.hours[i] as number) <= (s.hours[i - 1] as number)) {
      const order = s.hours
        .map((_, j) => j)
        .sort((a, b) => (s.hours[a] as number) - (s.hours[b] as number));
      return {
        from: s.from,
        hours: order.map((j) => s.hours[j] as number),
        values: order.map((j) => s.values[j] as number),
      };
    }
  return s;
}

/** Hours before the lookback are never read again: dropped once they are a day's worth. */
function trim(s: CachedSeries, from: number): void {
  const cut = lowerBound(s.hours, from);
  if (cut >= 24) {
    s.hours.splice(0, cut);
    s.values.splice(0, cut);
  }
  s.from = Math.max(s.from, from);
}

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
