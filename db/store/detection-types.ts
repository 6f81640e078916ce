/**
 * Storage of anomaly detection, triage and notifications (lib/detect, lib/services/flags,
 * lib/notify): one tenant's rows, reached only through `TenantStore.detection`. It lives in the
 * SQL control store on every backend (with ClickHouse too), so flags, baselines and the engine's
 * watermark are the same whatever holds the events. Values are plain here; lib/detect owns their
 * meaning (rule ids, severities, subject kinds) and validates them.
 */
export interface DetectionStore {
  // --- rule configuration -------------------------------------------------------------------
  listRuleConfigs(): Promise<RuleConfigRecord[]>;
  /** Creates or replaces one rule's configuration. */
  putRuleConfig(c: RuleConfigRecord): Promise<void>;

  // --- the engine ---------------------------------------------------------------------------
  /**
   * Where evaluation stands: null before the first. With `stateKeys`, `state` holds only those of
   * its top-level keys (the engine keeps the rest in memory between its own commits: megabytes).
   */
  getCursor(opts?: { stateKeys?: readonly string[] }): Promise<DetectCursor | null>;
  /** Hourly tallies of series (lib/detect/types.ts#SeriesKind) for keys over [from, to). */
  hourly(series: string, keys: readonly string[], from: Date, to: Date): Promise<HourlyTally[]>;
  /** First and last seen of keys of one kind. */
  seen(kind: string, keys: readonly string[]): Promise<SeenRecord[]>;
  /**
   * One evaluation, atomically: tallies added, seen extended, flags created or updated, history
   * appended, their notifications queued, the cursor moved. Applies only if the stored cursor's `version` still equals
   * `expectVersion` (null: no cursor yet); otherwise changes nothing and returns false, so two
   * evaluators never both apply one window and a crash before commit loses nothing.
   */
  commitEvaluation(u: EvaluationUnit): Promise<boolean>;
  /**
   * Deletes the hourly tallies of hours before `before` (the engine keeps its lookback, e.g. 28
   * days), so they do not grow without end; returns how many were deleted.
   */
  pruneHourly(before: Date): Promise<number>;

  // --- flags and triage ---------------------------------------------------------------------
  listFlags(q: FlagQuery): Promise<{ rows: FlagRecord[]; total: number }>;
  getFlag(id: string): Promise<FlagRecord | null>;
  /** Active (episode not ended) flags of a rule by group key. */
  activeFlags(rule: string, groupKeys: readonly string[]): Promise<FlagRecord[]>;
  /** Open flag counts per subject key (badges on actor/tool pages and explorer rows). */
  openFlagCounts(subjectKeys: readonly string[]): Promise<Map<string, number>>;
  /** Flag ids per evidence event id among the given ids (explorer badges). */
  flagsOfEvents(eventIds: readonly string[]): Promise<Map<string, string[]>>;
  /** Changes triage fields and appends one history entry, atomically. Null: no such flag. */
  updateFlag(id: string, patch: FlagPatch, entry: FlagHistoryEntry): Promise<FlagRecord | null>;
  flagHistory(id: string): Promise<FlagHistoryEntry[]>;
  /** Per rule: how many flags were resolved with each reason (tuning evidence). */
  resolutionCounts(): Promise<{ rule: string; reason: string; count: number }[]>;
  /** Open flags per day over [from, to) for the overview chart. */
  openFlagsPerDay(from: Date, to: Date): Promise<{ day: Date; severity: string; count: number }[]>;

  listSuppressions(now: Date): Promise<SuppressionRecord[]>;
  addSuppression(s: SuppressionRecord): Promise<void>;
  removeSuppression(id: string): Promise<boolean>;

  createIncident(i: IncidentRecord, flagIds: readonly string[]): Promise<void>;
  getIncident(id: string): Promise<IncidentRecord | null>;
  listIncidents(): Promise<IncidentRecord[]>;
  updateIncident(id: string, patch: Partial<IncidentRecord>): Promise<IncidentRecord | null>;
  linkFlags(incidentId: string, flagIds: readonly string[]): Promise<void>;
  flagsOfIncident(incidentId: string): Promise<string[]>;

  // --- notifications ------------------------------------------------------------------------
  listDestinations(): Promise<DestinationRecord[]>;
  getDestination(id: string): Promise<DestinationRecord | null>;
  putDestination(d: DestinationRecord): Promise<void>;
  removeDestination(id: string): Promise<boolean>;
  /**
   * Replaces a destination's plain-text URL by its sealed form (lib/notify/destination-url.ts),
   * only while the row still holds `plainUrl` and nothing sealed; true when it did.
   */
  sealDestinationUrl(
    id: string,
    plainUrl: string,
    sealed: { url: string; secretCiphertext: string },
  ): Promise<boolean>;
  /** Queues deliveries (idempotent on id). */
  enqueueDeliveries(d: readonly DeliveryRecord[]): Promise<void>;
  /**
   * Deliveries due at `now` (pending, next attempt reached), oldest first; of one destination
   * when `destinationId` is given (so one destination's backlog cannot fill every batch).
   */
  dueDeliveries(now: Date, limit: number, destinationId?: string): Promise<DeliveryRecord[]>;
  updateDelivery(id: string, patch: Partial<DeliveryRecord>): Promise<void>;
  /**
   * Claims one attempt of a delivery: moves its next attempt to `until` if it is still pending
   * with `attempts` attempts and due at `now`. True for exactly one of several callers (servers
   * sharing a database), so an attempt is made once; a claimer that dies is replaced after `until`.
   */
  claimDelivery(id: string, attempts: number, now: Date, until: Date): Promise<boolean>;
  /** Deletes delivered and failed deliveries created before `before` (pending ones stay). */
  pruneDeliveries(before: Date): Promise<number>;
  listDeliveries(destinationId: string | null, limit: number): Promise<DeliveryRecord[]>;
}

export type RuleConfigRecord = {
  rule: string;
  enabled: boolean;
  /** Parameters as the tenant set them (validated by the rule's schema before they are stored). */
  params: Record<string, unknown>;
  /** Subject keys never flagged by this rule (known service accounts…). */
  allow: string[];
  /** Extra grouping fields for episodes (beyond the subject). */
  groupBy: string[];
  /** When the rule was (last) enabled: baselines learn from here, backfilled from history. */
  enabledAt: Date | null;
  updatedAt: Date;
  updatedBy: string;
};

export type DetectCursor = {
  /** Events with time < watermark have been evaluated. */
  watermark: Date;
  /** Each rule's state (JSON) after the last evaluation. */
  state: Record<string, unknown>;
  /** Bumped by every commit: the optimistic lock of commitEvaluation. */
  version: number;
  /** How far back history has been folded into the tallies (backfill), or null when not yet. */
  backfilledFrom: Date | null;
  updatedAt: Date;
};

export type HourlyTally = { series: string; key: string; hour: Date; value: number };
export type SeenRecord = { kind: string; key: string; first: Date; last: Date };

export type EvaluationUnit = {
  expectVersion: number | null;
  cursor: Omit<DetectCursor, "version" | "updatedAt">;
  /**
   * `cursor.state` already serialised as JSON text (the engine reuses each rule's text), stored
   * instead of `cursor.state` when given.
   */
  stateJson?: string;
  /** Added to the stored values (summed per series, key and hour). */
  tallies: HourlyTally[];
  /** Extends first/last seen (min of first, max of last). */
  seen: SeenRecord[];
  /**
   * Flags to insert, or to replace by id; triage fields (status, assignee, resolution, note,
   * incident) of a stored flag are kept, since updateFlag and linking own them and a person may
   * have changed them since the engine read the flag.
   */
  flags: FlagRecord[];
  history: FlagHistoryEntry[];
  /**
   * Notifications of this evaluation's flags (the outbox): queued in the same transaction, so
   * they exist exactly when the flags do and a crash after the commit loses none (the delivery
   * worker sends them later). Ids are idempotency keys: a known id is ignored.
   */
  deliveries?: DeliveryRecord[];
  now: Date;
};

export const FLAG_STATUSES = ["open", "acknowledged", "resolved"] as const;
export type FlagStatus = (typeof FLAG_STATUSES)[number];

export type FlagRecord = {
  id: string;
  rule: string;
  ruleVersion: number;
  /** Parameters in force when the flag was raised. */
  params: Record<string, unknown>;
  groupKey: string;
  subjectKind: string;
  subjectKey: string;
  subjectLabel: string;
  severity: string;
  status: FlagStatus;
  /** True while the episode lasts; false once the behaviour returned to baseline. */
  active: boolean;
  /** The episode's window. */
  start: Date;
  end: Date;
  observed: Record<string, number>;
  baseline: Record<string, number> | null;
  sentence: string;
  /** At most 100 event ids. */
  evidence: string[];
  assignee: string | null;
  resolution: string | null;
  resolutionNote: string | null;
  incidentId: string | null;
  firstSeen: Date;
  lastSeen: Date;
  createdAt: Date;
  updatedAt: Date;
};

export type FlagPatch = Partial<
  Pick<FlagRecord, "status" | "assignee" | "resolution" | "resolutionNote" | "incidentId">
>;

export type FlagHistoryEntry = {
  flagId: string;
  at: Date;
  /** "engine" for detection updates, else the acting user's id or the operator's name. */
  by: string;
  action: string;
  details: Record<string, unknown>;
};

export type FlagQuery = {
  /** Only these flags. */
  ids?: readonly string[];
  status?: FlagStatus[];
  rule?: string[];
  severity?: string[];
  subjectKey?: string;
  assignee?: string;
  active?: boolean;
  /** Flags whose episode overlaps [from, to). */
  from?: Date;
  to?: Date;
  sort?: "last_seen" | "first_seen" | "severity";
  order?: "asc" | "desc";
  limit: number;
  offset: number;
};

export type SuppressionRecord = {
  id: string;
  rule: string;
  subjectKey: string;
  until: Date;
  reason: string;
  createdBy: string;
  createdAt: Date;
};

export type IncidentRecord = {
  id: string;
  title: string;
  severity: string;
  status: "open" | "contained" | "closed";
  /** When the first linked flag was detected. */
  detectedAt: Date;
  /** When the organisation became aware (GDPR Art. 33's 72 hours run from here). */
  awareAt: Date;
  notifiedAuthorityAt: Date | null;
  note: string;
  createdBy: string;
  createdAt: Date;
  closedAt: Date | null;
};

export type DestinationRecord = {
  id: string;
  kind: "webhook" | "slack";
  name: string;
  /** Webhooks: the URL; Slack: its masked form (the URL is the credential, sealed below). */
  url: string;
  /**
   * Encrypted at rest by the caller (lib/notify): a webhook's signing secret, a Slack
   * destination's URL (null: a Slack row stored before URLs were sealed, `url` in plain text).
   */
  secretCiphertext: string | null;
  /** Lowest severity that is sent. */
  minSeverity: string;
  enabled: boolean;
  createdBy: string;
  createdAt: Date;
};

export type DeliveryRecord = {
  id: string;
  destinationId: string;
  /** What is sent: `flag.opened`, `flag.escalated`, `test`… */
  kind: string;
  flagId: string | null;
  payload: Record<string, unknown>;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  lastStatus: number | null;
  createdAt: Date;
  deliveredAt: Date | null;
};
