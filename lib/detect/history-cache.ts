import type { FlagRecord, HourlyTally, SeenRecord } from "../../db/store/detection-types";

/**
 * The history the engine read and wrote, kept in memory across evaluations of a tenant, so a
 * window loads from the store only the keys it has not seen yet instead of four weeks of hours
 * for every key it names (that reload was most of an evaluation's cost). Stored history before a
 * window changes only through commits of the cursor: the engine's own, whose tallies and seen it
 * applies here after they succeed, and anyone else's (another evaluator, backfill), which move
 * the cursor's version past the one this cache is at, so it is dropped. A cache is found by a
 * token the engine writes into the cursor's state with each commit: a cache at the stored token
 * and version holds exactly what the store holds for its keys, whichever store or process wrote.
 */

/** A key's stored hourly values from `from` on: sorted hours and their values (sparse). */
export type CachedSeries = { from: number; hours: number[]; values: number[] };
export type CachedSeen = { first: number; last: number } | null;

/**
 * The cursor's state as committed at the cache's version: JSON text per top-level key (each
 * rule's state, the engine's own keys), so a window neither reads megabytes of state from the
 * store nor copies it for each rule; each rule parses its own text.
 */
export type StateTexts = Map<string, string>;

/**
 * U+0000 escapes of JSON text as U+FFFD, as the store keeps them (PostgreSQL refuses U+0000 in
 * jsonb): the texts held here are the stored ones.
 */
export function scrubJson(json: string): string {
  return json.includes("\\u0000") ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, "$1\\ufffd") : json;
}

export type CacheLimits = { maxKeys: number; maxTenants: number };
/** ~50,000 keys of at most 673 hours: tens of MB per tenant in the worst case. */
const DEFAULT_LIMITS: CacheLimits = { maxKeys: 50_000, maxTenants: 8 };
let limits = DEFAULT_LIMITS;

export class HistoryCache {
  /** Map order is recency: a key read by a window moves to the end; eviction takes the front. */
  readonly series = new Map<string, CachedSeries>();
  readonly seen = new Map<string, CachedSeen>();
  /** The state committed at `version`, null until this cache has seen a commit. */
  state: StateTexts | null = null;
  /** The tenant's active flags as of `version` (engine.ts keeps them), null until committed. */
  active: FlagRecord[] | null = null;

  constructor(
    /** The cursor version whose stored history this cache holds. */
    public version: number,
    /** Shared across evaluations (false: private to one step). */
    readonly shared: boolean,
  ) {}

  busy = false;

  getSeries(id: string): CachedSeries | undefined {
    const s = this.series.get(id);
    if (s && this.shared) {
      this.series.delete(id);
      this.series.set(id, s);
    }
    return s;
  }

  getSeen(id: string): CachedSeen | undefined {
    const s = this.seen.get(id);
    if (s !== undefined && this.shared) {
      this.seen.delete(id);
      this.seen.set(id, s);
    }
    return s;
  }

  /** What a successful commit added: only keys held here (others are read from the store). */
  apply(tallies: readonly HourlyTally[], seen: readonly SeenRecord[]): void {
    for (const t of tallies) {
      const s = this.series.get(`${t.series}\u001f${t.key}`);
      if (s) addAt(s, t.hour.getTime(), t.value);
    }
    for (const r of seen) {
      const id = `${r.kind}\u001f${r.key}`;
      if (!this.seen.has(id)) continue;
      const s = this.seen.get(id) ?? null;
      const first = r.first.getTime();
      const last = r.last.getTime();
      this.seen.set(
        id,
        s ? { first: Math.min(s.first, first), last: Math.max(s.last, last) } : { first, last },
      );
    }
  }

  /** Least recently read keys go first, down to the limit. */
  evict(): void {
    for (const m of [this.series, this.seen] as Map<string, unknown>[])
      for (const id of m.keys()) {
        if (m.size <= limits.maxKeys) break;
        m.delete(id);
      }
  }
}

function addAt(s: CachedSeries, hour: number, value: number): void {
  if (hour < s.from) return;
  // Commits add to the latest hours: search from the end.
  let i = s.hours.length;
  while (i > 0 && (s.hours[i - 1] as number) > hour) i--;
  if (i > 0 && s.hours[i - 1] === hour) s.values[i - 1] = (s.values[i - 1] as number) + value;
  else {
    s.hours.splice(i, 0, hour);
    s.values.splice(i, 0, value);
  }
}

/** Tenants' caches by the token in their cursor's state; Map order is recency. */
const caches = new Map<string, HistoryCache>();

/**
 * The cache for a cursor: the shared one if it holds this version and no other evaluation of
 * this process is using it (two at once would apply commits under each other's reads), else a
 * fresh one, shared from now on unless another evaluation holds the tenant's.
 */
export function claimHistoryCache(token: unknown, version: number): HistoryCache {
  const found = typeof token === "string" ? caches.get(token) : undefined;
  if (found?.busy) return new HistoryCache(version, false);
  if (typeof token === "string") caches.delete(token);
  const cache = found && found.version === version ? found : new HistoryCache(version, true);
  cache.busy = true;
  return cache;
}

/** After a step: a committed cache is filed under its new token; others are left to the next. */
export function releaseHistoryCache(
  cache: HistoryCache,
  committed: { token: string; version: number } | null,
): void {
  cache.busy = false;
  if (!cache.shared || !committed) return;
  cache.version = committed.version;
  cache.evict();
  caches.set(committed.token, cache);
  for (const token of caches.keys()) {
    if (caches.size <= limits.maxTenants) break;
    caches.delete(token);
  }
}

/** Tests: bounds, and what is held. */
export function setHistoryCacheLimits(l: Partial<CacheLimits> | null): void {
  limits = l ? { ...DEFAULT_LIMITS, ...l } : DEFAULT_LIMITS;
  if (!l) caches.clear();
}

export function historyCacheSizes(): { tenants: number; keys: number[] } {
  return {
    tenants: caches.size,
    keys: [...caches.values()].map((c) => Math.max(c.series.size, c.seen.size)),
  };
}
