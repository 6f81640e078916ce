import { HOUR, hourStart } from "../stats";
import type { Baselines, DetectEvent, Finding, RuleId, SeriesKind, Subject } from "../types";

/**
 * What the baseline rules (volume_spike, first_use, the bursts, off_hours, bulk_egress,
 * telemetry_gap) share: subject keys, group keys, the figures in sentences, and history that
 * counts the hours already fed in this window.
 */

/** Separates the parts of a compound key (`actor\u001ftool`), as the engine's tallies do. */
export const SEP = "\u001f";

export const EVIDENCE_CAP = 100;

/** Episodes group per rule and subject. */
export function groupKeyOf(rule: RuleId, subject: Subject): string {
  return `${rule}|${subject.kind}|${subject.key}`;
}

export function finding(f: Omit<Finding, "groupKey">): Finding {
  return { ...f, groupKey: groupKeyOf(f.rule, f.subject), evidence: f.evidence.slice(0, 100) };
}

/** The rules look at MCP traffic only; Tooltrail's own activity is skipped. */
export function isMcp(e: DetectEvent): boolean {
  return !e.internal;
}

export function actorLabel(e: Pick<DetectEvent, "actorId" | "actorName">): string {
  return e.actorName ?? e.actorId;
}

/** "14:00" in UTC. */
export function clock(t: number): string {
  return new Date(t).toISOString().slice(11, 16);
}

/** "2026-01-05 14:00 UTC". */
export function stamp(t: number): string {
  return `${new Date(t).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "between 14:00 and 15:00 UTC on 2026-01-05". */
export function hourRange(start: number): string {
  return `between ${clock(start)} and ${clock(start + HOUR)} UTC on ${new Date(start).toISOString().slice(0, 10)}`;
}

/** Figures in sentences: integers as they are, others to one decimal. */
export function num(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

export function bytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

/** Adds unique ids up to the evidence cap (state stays bounded). */
export function addEvidence(list: string[], id: string): void {
  if (list.length < EVIDENCE_CAP && !list.includes(id)) list.push(id);
}

/**
 * Hourly history of a series over [from, to) as the engine would hold it had every earlier hour
 * been committed: `baselines` knows only events before this window, so hours of this window
 * that already passed (a long window, a backfill, a preview) are added from `local`, the rule's
 * own per-hour tallies of this window's events.
 */
export function historyWithWindow(
  baselines: Baselines,
  kind: SeriesKind,
  key: string,
  from: number,
  to: number,
  local: ReadonlyMap<number, number> | undefined,
): number[] {
  const series = baselines.hourly(kind, key, from, to);
  if (local === undefined) return series;
  const first = hourStart(from);
  for (const [hour, value] of local) {
    const i = (hour - first) / HOUR;
    if (i >= 0 && i < series.length) series[i] = (series[i] ?? 0) + value;
  }
  return series;
}

/** Values of an hourly series starting at `from` on the same hour of the day as `hour`. */
export function sameHourOfDay(series: readonly number[], from: number, hour: number): number[] {
  const out: number[] = [];
  const first = ((Math.round((hour - from) / HOUR) % 24) + 24) % 24;
  for (let i = first; i < series.length; i += 24) out.push(series[i] ?? 0);
  return out;
}

/** Per key, the hours of this window's events and their tallies (not persisted). */
export type LocalTallies = Map<string, Map<number, number>>;

/**
 * Adds `value` to `local[key][hour]`. Hours keyed by number: as property names, epoch hours
 * (past 2^32) were turned into strings on every event.
 */
export function tallyLocal(local: LocalTallies, key: string, hour: number, value: number): void {
  let rec = local.get(key);
  if (rec === undefined) {
    rec = new Map();
    local.set(key, rec);
  }
  rec.set(hour, (rec.get(hour) ?? 0) + value);
}

/** The records that `keep` accepts; past `cap`, the first by `rank` (state stays bounded). */
export function bounded<T>(
  records: Record<string, T>,
  keep: (t: T) => boolean,
  cap: number,
  rank: (a: T, b: T) => number,
): Record<string, T> {
  const kept = Object.entries(records).filter(([, t]) => keep(t));
  if (kept.length > cap) kept.sort((a, b) => rank(a[1], b[1])).splice(cap);
  return Object.fromEntries(kept);
}
