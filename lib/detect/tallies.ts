import type { HourlyTally, SeenRecord } from "../../db/store/detection-types";
import type { HistoryKeys } from "./baselines";
import { hourStart } from "./stats";
import type { DetectEvent, SeriesKind, SubjectKind } from "./types";

/**
 * What the engine learns from events, whether it evaluates them or folds history (backfill):
 * hourly series and first/last seen per key. Internal events (Tooltrail's own activity) are not
 * tallied: the baselines describe MCP traffic. The keys match lib/detect/testing's in-memory
 * baselines, which the rules' tests use.
 */

/** Separates the parts of a compound key (`actor\u001ftool`). */
export const SEP = "\u001f";

export const SERIES: readonly SeriesKind[] = [
  "actor",
  "actor_tool",
  "actor_bytes",
  "server",
  "ingest_key",
  "actor_distinct",
];

export const SEEN_KINDS: readonly SubjectKind[] = [
  "actor",
  "actor_tool",
  "actor_server",
  "tool",
  "server",
  "ingest_key",
  "session",
];

/**
 * actor_distinct counts distinct argument values per actor and hour, which do not add up across
 * windows: the values of the hour in progress are carried to the next evaluation (hashed, at most
 * DISTINCT_CARRY_MAX per actor; past that a value may count twice in that hour).
 */
export type DistinctCarry = { hour: number; byActor: Record<string, string[]> };
const DISTINCT_CARRY_MAX = 512;

export class TallyBook {
  private readonly values = new Map<string, HourlyTally>();
  private readonly seenMap = new Map<
    string,
    { kind: string; key: string; first: number; last: number }
  >();
  private readonly distinct = new Map<string, Set<string>>();
  private readonly carried = new Map<string, Set<string>>();
  private carriedHour: number | null = null;

  constructor(carry?: DistinctCarry | null) {
    if (!carry) return;
    this.carriedHour = carry.hour;
    for (const [actor, hashes] of Object.entries(carry.byActor))
      this.carried.set(`${actor}${SEP}${carry.hour}`, new Set(hashes));
  }

  add(e: DetectEvent): void {
    if (e.internal) return;
    const hour = hourStart(e.time);
    this.tally("actor", e.actorId, hour, 1);
    if (e.resultBytes !== null) this.tally("actor_bytes", e.actorId, hour, e.resultBytes);
    this.tally("server", e.server, hour, 1);
    this.tally("ingest_key", e.ingestKeyId, hour, 1);
    this.see("actor", e.actorId, e.time);
    this.see("server", e.server, e.time);
    this.see("ingest_key", e.ingestKeyId, e.time);
    this.see("actor_server", `${e.actorId}${SEP}${e.server}`, e.time);
    if (e.tool !== null) {
      this.tally("actor_tool", `${e.actorId}${SEP}${e.tool}`, hour, 1);
      this.see("tool", e.tool, e.time);
      this.see("actor_tool", `${e.actorId}${SEP}${e.tool}`, e.time);
    }
    if (e.sessionId !== null) this.see("session", e.sessionId, e.time);
    if (e.argValues.length > 0) {
      const k = `${e.actorId}${SEP}${hour}`;
      const set = this.distinct.get(k) ?? new Set<string>();
      for (const v of e.argValues) set.add(shortHash(v));
      this.distinct.set(k, set);
    }
  }

  /** Keys of a series the book holds (to preload their history). */
  keys(series: SeriesKind): string[] {
    const out = new Set<string>();
    for (const t of this.values.values()) if (t.series === series) out.add(t.key);
    if (series === "actor_distinct")
      for (const k of this.distinct.keys()) out.add(k.slice(0, k.lastIndexOf(SEP)));
    return [...out];
  }

  /** Every key the book holds, by series and seen kind: the history to preload. */
  historyKeys(): HistoryKeys {
    const keys: HistoryKeys = { series: new Map(), seen: new Map() };
    for (const s of SERIES) keys.series.set(s, new Set(this.keys(s)));
    for (const k of SEEN_KINDS) keys.seen.set(k, new Set(this.seenKeys(k)));
    return keys;
  }

  seenKeys(kind: SubjectKind): string[] {
    return [...this.seenMap.values()].filter((s) => s.kind === kind).map((s) => s.key);
  }

  /** The increments to store: summed per series, key and hour. */
  tallies(): HourlyTally[] {
    const out = [...this.values.values()].map((t) => ({ ...t }));
    for (const [k, set] of this.distinct) {
      const cut = k.lastIndexOf(SEP);
      const actor = k.slice(0, cut);
      const hour = Number(k.slice(cut + 1));
      const before = this.carried.get(k);
      let added = 0;
      for (const h of set) if (!before?.has(h)) added += 1;
      if (added > 0)
        out.push({ series: "actor_distinct", key: actor, hour: new Date(hour), value: added });
    }
    return out;
  }

  seen(): SeenRecord[] {
    return [...this.seenMap.values()].map((s) => ({
      kind: s.kind,
      key: s.key,
      first: new Date(s.first),
      last: new Date(s.last),
    }));
  }

  /** The distinct values of the hour `to` falls in, for the next window (null: none). */
  carry(to: number): DistinctCarry | null {
    const hour = hourStart(to);
    const byActor: Record<string, string[]> = {};
    const sources = [...this.distinct, ...(this.carriedHour === hour ? this.carried : [])];
    for (const [k, set] of sources) {
      const cut = k.lastIndexOf(SEP);
      if (Number(k.slice(cut + 1)) !== hour) continue;
      const actor = k.slice(0, cut);
      const merged = new Set([...(byActor[actor] ?? []), ...set]);
      byActor[actor] = [...merged].slice(0, DISTINCT_CARRY_MAX);
    }
    return Object.keys(byActor).length > 0 ? { hour, byActor } : null;
  }

  private tally(series: SeriesKind, key: string, hour: number, value: number): void {
    const k = `${series}${SEP}${key}${SEP}${hour}`;
    const t = this.values.get(k);
    if (t) t.value += value;
    else this.values.set(k, { series, key, hour: new Date(hour), value });
  }

  private see(kind: SubjectKind, key: string, time: number): void {
    const k = `${kind}${SEP}${key}`;
    const s = this.seenMap.get(k);
    if (!s) this.seenMap.set(k, { kind, key, first: time, last: time });
    else {
      if (time < s.first) s.first = time;
      if (time > s.last) s.last = time;
    }
  }
}

/** 32-bit FNV-1a, hex: enough to tell an hour's argument values apart, small to carry. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16);
}
