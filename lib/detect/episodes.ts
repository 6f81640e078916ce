import type { FlagHistoryEntry, FlagRecord } from "../../db/store/detection-types";
import { type Finding, SEVERITIES, type Severity } from "./types";

/**
 * Findings folded into flags: one flag per episode of a rule and group key. While a flag is
 * active, findings with its key extend it (end, figures, evidence, severity up to the highest);
 * a flag that no finding extended for its rule's quiet time after its end is ended (the behaviour
 * returned to baseline), and a later finding opens a new episode. Pure: the engine loads the
 * active flags and commits what comes out.
 */

export const EVIDENCE_MAX = 100;
/** Quiet time after which an episode ends, when the rule's parameters set no `quietMinutes`. */
export const DEFAULT_QUIET_MINUTES = 60;

export type RuleInForce = { version: number; params: Record<string, unknown> };

export type FoldInput = {
  /** The tenant's active flags (of every rule). */
  active: readonly FlagRecord[];
  findings: readonly Finding[];
  /** Rules that ran, with the version and parameters new flags record. */
  rules: ReadonlyMap<string, RuleInForce>;
  /** The end of the evaluated window: episodes quiet since `end + quiet <= to` end. */
  to: number;
  now: Date;
  newId(): string;
};

export type FoldOutput = {
  created: FlagRecord[];
  /** Extended flags; `escalated` holds those among them whose severity rose. */
  updated: FlagRecord[];
  escalated: FlagRecord[];
  ended: FlagRecord[];
  history: FlagHistoryEntry[];
};

export function severityRank(s: string): number {
  return SEVERITIES.indexOf(s as Severity);
}

export function quietMs(params: Record<string, unknown> | undefined): number {
  const q = params?.quietMinutes;
  return (typeof q === "number" && q > 0 ? q : DEFAULT_QUIET_MINUTES) * 60_000;
}

export function foldEpisodes(input: FoldInput): FoldOutput {
  const byKey = new Map<string, FlagRecord>();
  for (const f of input.active) byKey.set(`${f.rule}\u001f${f.groupKey}`, f);
  const created = new Map<string, FlagRecord>();
  const touched = new Map<string, FlagRecord>();
  const initialSeverity = new Map<string, string>();
  const history: FlagHistoryEntry[] = [];
  for (const finding of input.findings) {
    const key = `${finding.rule}\u001f${finding.groupKey}`;
    const flag = byKey.get(key);
    if (!flag) {
      const fresh = newFlag(finding, input);
      byKey.set(key, fresh);
      created.set(key, fresh);
      continue;
    }
    if (!created.has(key) && !initialSeverity.has(key)) initialSeverity.set(key, flag.severity);
    const next = extend(flag, finding, input.now);
    byKey.set(key, next);
    if (created.has(key)) created.set(key, next);
    else touched.set(key, next);
  }
  for (const f of created.values())
    history.push(
      entry(f.id, input.now, "opened", { severity: f.severity, start: f.start.toISOString() }),
    );
  const escalated: FlagRecord[] = [];
  for (const [key, f] of touched) {
    const before = initialSeverity.get(key) ?? f.severity;
    if (severityRank(f.severity) > severityRank(before)) {
      escalated.push(f);
      history.push(entry(f.id, input.now, "escalated", { from: before, to: f.severity }));
    }
  }
  const ended: FlagRecord[] = [];
  for (const f of input.active) {
    const key = `${f.rule}\u001f${f.groupKey}`;
    if (touched.has(key)) continue;
    if (f.end.getTime() + quietMs(input.rules.get(f.rule)?.params ?? f.params) > input.to) continue;
    const done = { ...f, active: false, updatedAt: input.now };
    ended.push(done);
    history.push(entry(f.id, input.now, "ended", { end: f.end.toISOString() }));
  }
  return {
    created: [...created.values()],
    updated: [...touched.values()],
    escalated,
    ended,
    history,
  };
}

function newFlag(f: Finding, input: FoldInput): FlagRecord {
  const rule = input.rules.get(f.rule);
  return {
    id: input.newId(),
    rule: f.rule,
    ruleVersion: rule?.version ?? 0,
    params: rule?.params ?? {},
    groupKey: f.groupKey,
    subjectKind: f.subject.kind,
    subjectKey: f.subject.key,
    subjectLabel: f.subject.label,
    severity: f.severity,
    status: "open",
    active: true,
    start: new Date(f.start),
    end: new Date(f.end),
    observed: f.observed,
    baseline: f.baseline,
    sentence: f.sentence,
    evidence: [...new Set(f.evidence)].slice(0, EVIDENCE_MAX),
    assignee: null,
    resolution: null,
    resolutionNote: null,
    incidentId: null,
    firstSeen: input.now,
    lastSeen: input.now,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/**
 * The episode grows to cover the finding. Its figures and sentence are the latest finding's,
 * unless an earlier one was more severe: the flag keeps showing the worst of the episode.
 */
function extend(flag: FlagRecord, f: Finding, now: Date): FlagRecord {
  const worse = severityRank(f.severity) >= severityRank(flag.severity);
  return {
    ...flag,
    start: new Date(Math.min(flag.start.getTime(), f.start)),
    end: new Date(Math.max(flag.end.getTime(), f.end)),
    severity: worse ? f.severity : flag.severity,
    observed: worse ? f.observed : flag.observed,
    baseline: worse ? f.baseline : flag.baseline,
    sentence: worse ? f.sentence : flag.sentence,
    evidence: [...new Set([...flag.evidence, ...f.evidence])].slice(0, EVIDENCE_MAX),
    lastSeen: now,
    updatedAt: now,
  };
}

function entry(
  flagId: string,
  at: Date,
  action: string,
  details: Record<string, unknown>,
): FlagHistoryEntry {
  return { flagId, at, by: "engine", action, details };
}
