import type { z } from "zod";

/**
 * Anomaly detection: the shared vocabulary of rules, the engine and triage. A rule is a
 * streaming operator: the engine feeds it each evaluation window's events in time order with the
 * state it returned last time (persisted with the watermark, so a restart neither loses nor
 * doubles anything) and read access to the learned baselines; it returns findings, which the
 * engine folds into flags (episodes). Rules are pure: no clock, no store, no I/O.
 */

export const RULE_IDS = [
  "volume_spike",
  "first_use",
  "denial_burst",
  "validation_error_burst",
  "rate_limit_storm",
  "off_hours",
  "exfil_sequence",
  "bulk_egress",
  "enumeration",
  "sensitive_data",
  "high_risk_args",
  "guard_signal",
  "telemetry_gap",
  "integrity_failure",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a flag is about. `key` is the subject's id (actor id, `actor\u001ftool`, server name…). */
export const SUBJECT_KINDS = [
  "actor",
  "actor_tool",
  "actor_server",
  "tool",
  "server",
  "ingest_key",
  "session",
  "tenant",
] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export type Subject = { kind: SubjectKind; key: string; label: string };

/** One stored event as the rules see it: extracted once per event (to-detect-event.ts). */
export type DetectEvent = {
  id: string;
  /** Event time, epoch ms. */
  time: number;
  actorId: string;
  actorType: "user" | "agent" | "service" | null;
  actorName: string | null;
  server: string;
  tool: string | null;
  outcome: string;
  verdict: string | null;
  errorType: string | null;
  validationFailed: boolean;
  rateLimited: boolean;
  sessionId: string | null;
  traceId: string | null;
  classification: string | null;
  /** Redaction records: `field` starts with `arguments` or `result` (or another top-level field). */
  redactions: { field: string; type: string; count: number }[];
  resultBytes: number | null;
  /**
   * Every string value in the arguments, and numbers as their decimal text, after the resource
   * URI of a `resources/read` (depth-first, at most 64, each at most 1 KiB).
   */
  argValues: string[];
  argsHmac: string | null;
  ingestKeyId: string;
  labels: Record<string, string>;
  /**
   * Tooltrail's own activity (server `tooltrail-dashboard` written through the internal entrance,
   * ingest key `internal`: self-audit of the dashboard and CLI).
   * Rules about MCP traffic skip it; integrity_failure reads it.
   */
  internal: boolean;
};

/** A rule's observation in one evaluation; the engine folds it into a flag. */
export type Finding = {
  rule: RuleId;
  subject: Subject;
  /**
   * The episode key within the rule (subject key plus configured grouping fields): findings with
   * the same key while the flag is active extend the same flag.
   */
  groupKey: string;
  severity: Severity;
  /** The anomalous window, epoch ms. */
  start: number;
  end: number;
  /** Figures observed, e.g. { calls: 412 }. */
  observed: Record<string, number>;
  /** The baseline the observation is compared with, e.g. { median: 9, mad: 4 }; null: no baseline. */
  baseline: Record<string, number> | null;
  /** A sentence a person understands, with the figures. */
  sentence: string;
  /** Ids of the events that show it (the engine keeps at most 100 per flag). */
  evidence: string[];
};

/** Learned history the rules may read (the engine's own hourly tallies and first/last seen). */
export type SeriesKind =
  | "actor"
  | "actor_tool"
  | "actor_bytes"
  | "server"
  | "ingest_key"
  | "actor_distinct";
export interface Baselines {
  /** Hourly values of a series for one key over [from, to), one number per hour, zeros filled. */
  hourly(kind: SeriesKind, key: string, from: number, to: number): number[];
  /** When the key was first and last seen (epoch ms), or null when never. */
  seen(kind: SubjectKind, key: string): { first: number; last: number } | null;
  /** When the tenant's learning began for this rule (enable time or the backfill's start). */
  learningSince: number;
}

export type RuleInput<P, S> = {
  /** The window's events, time-ordered; every event is fed exactly once across evaluations. */
  events: DetectEvent[];
  state: S;
  params: P;
  /** Subjects the tenant allow-listed for this rule (known service accounts…). */
  allow: ReadonlySet<string>;
  baselines: Baselines;
  /** [from, to) of this window, epoch ms; `to` is the evaluation's now. */
  window: { from: number; to: number };
};

export type RuleOutput<S> = { findings: Finding[]; state: S };

export interface Rule<P = unknown, S = unknown> {
  id: RuleId;
  /** Bumped when the rule's logic changes; stored on each flag. */
  version: number;
  title: string;
  /** What it detects and why it matters, for the settings page and the docs. */
  description: string;
  /** Parameter schema with documented defaults (zod `.default()` on every field). */
  params: z.ZodType<P>;
  /** Opt-in rules (off_hours) are disabled until the tenant enables them. */
  enabledByDefault: boolean;
  /** Fresh state, e.g. empty per-actor counters. Must be JSON-serialisable and bounded. */
  initialState(): S;
  evaluate(input: RuleInput<P, S>): RuleOutput<S>;
}
