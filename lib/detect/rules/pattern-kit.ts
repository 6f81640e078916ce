import type { DetectEvent, Finding, RuleId, Subject, SubjectKind } from "../types";

/**
 * What the pattern rules share: subjects, group keys, evidence bounds, and bounded records for
 * state. Every decision depends on the events' own times, never on where a window was cut, so a
 * stream fed in one window or in many gives the same findings.
 */

export const MAX_EVIDENCE = 100;
export const MINUTE = 60_000;

export function actorSubject(e: DetectEvent): Subject {
  return { kind: "actor", key: e.actorId, label: e.actorName ?? e.actorId };
}

/** `${rule}|${kind}|${key}` plus the grouping details the rule needs (a type class, a server…). */
export function groupKeyOf(rule: RuleId, subject: Subject, ...detail: string[]): string {
  return [rule, subject.kind, subject.key, ...detail].join("|");
}

export function finding(
  rule: RuleId,
  subject: Subject,
  f: Omit<Finding, "rule" | "subject" | "groupKey" | "evidence"> & {
    evidence: readonly string[];
    detail?: readonly string[];
  },
): Finding {
  const { detail = [], evidence, ...rest } = f;
  return {
    rule,
    subject,
    groupKey: groupKeyOf(rule, subject, ...detail),
    ...rest,
    evidence: [...new Set(evidence)].slice(0, MAX_EVIDENCE),
  };
}

/** Whether a subject of this kind and key is allow-listed for the rule. */
export function allowed(allow: ReadonlySet<string>, kind: SubjectKind, key: string): boolean {
  return allow.has(key) || allow.has(`${kind}:${key}`);
}

/** The MCP events an actor-subject rule looks at: not Tooltrail's own, not allow-listed. */
export function mcpEventsOf(events: readonly DetectEvent[], allow: ReadonlySet<string>) {
  return events.filter((e) => !e.internal && !allowed(allow, "actor", e.actorId));
}

/**
 * Keeps a map to at most `max` entries: drops the entries `expired` says are over, then the least
 * recent ones (by `timeOf`, ties by key) down to 90% of `max`, so the sort runs rarely.
 * Order-free: the result depends on the entries, not on insertion order (JSON reorders numeric
 * keys), so state that went through storage between windows behaves as state that never left.
 */
export function bound<T>(
  map: Map<string, T>,
  max: number,
  timeOf: (v: T) => number,
  expired: (v: T) => boolean,
): void {
  if (map.size <= max) return;
  for (const [k, v] of map) if (expired(v)) map.delete(k);
  if (map.size <= max) return;
  const keys = [...map.keys()].sort(
    (a, b) => timeOf(map.get(a) as T) - timeOf(map.get(b) as T) || (a < b ? -1 : 1),
  );
  for (const k of keys.slice(0, keys.length - Math.floor(max * 0.9))) map.delete(k);
}

/** Stored state (a JSON record) as a map to work on during one evaluation. */
export function mapOf<T>(stored: Record<string, T> | undefined): Map<string, T> {
  return new Map(Object.entries(stored ?? {}));
}

/** A map back to a record for storage (own keys only: `__proto__` stays a plain key). */
export function recordFrom<T>(map: Map<string, T>): Record<string, T> {
  return Object.fromEntries(map);
}

export function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}
