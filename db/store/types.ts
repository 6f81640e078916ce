import type { Outcome, StoredEvent } from "../../lib/core/contract";
import type { AccessReviewStore } from "./access-review-types";
import type { AccessUsageQuery, AccessUsageRow } from "./access-usage-types";
import type { DetectionStore } from "./detection-types";
import type { EventFacets, EventTotal, FacetQuery } from "./event-facets";
import type { EventSort } from "./event-sort";
import type { GuardAccessStore } from "./guard-access-types";
import type { SecurityLogStore, UserPreferenceStore } from "./instance-types";
import type { Activity } from "./own-activity";
import type { QueryNode } from "./query-node";
import type { RetentionStore } from "./retention-types";
import type { SavedViewStore } from "./saved-view-types";

export type {
  AccessReviewStore,
  CampaignRecord,
  CampaignStatus,
  Decision,
  DecisionRecord,
  EntryChange,
  NewReviewEntry,
  ReviewEntryRecord,
} from "./access-review-types";
export type { AccessUsageQuery, AccessUsageRow } from "./access-usage-types";
export type {
  DeliveryRecord,
  DestinationRecord,
  DetectCursor,
  DetectionStore,
  EvaluationUnit,
  FlagHistoryEntry,
  FlagPatch,
  FlagQuery,
  FlagRecord,
  FlagStatus,
  HourlyTally,
  IncidentRecord,
  RuleConfigRecord,
  SeenRecord,
  SuppressionRecord,
} from "./detection-types";
export { FLAG_STATUSES } from "./detection-types";
export type { EventFacets, EventTotal, Facet, FacetQuery } from "./event-facets";
export type {
  GuardAccessStore,
  GuardHeartbeat,
  GuardInstanceRecord,
  NewRevocation,
  PolicyRegistration,
  PolicyVersion,
  Revocation,
  RevocationStatus,
} from "./guard-access-types";
export type { QueryNode } from "./query-node";
export type {
  LegalHold,
  RetentionRecord,
  RetentionStatement,
  RetentionStore,
} from "./retention-types";

/**
 * The store every backend implements (PGlite, PostgreSQL, ClickHouse). Reads and writes of
 * tenant data are reachable only through `forTenant(id)`, so no query can be written without a
 * tenant filter; `admin` holds the few global lookups (key authentication, tenant registry).
 * Nothing here assumes transactions across calls, so append-only engines fit too: `commit` is the
 * one atomic unit, and a backend without transactions must make its replay idempotent.
 */
export interface Store {
  readonly kind: StoreKind;
  /**
   * Whether `commit` notices an event id that is already stored (SQL: a unique key) and throws
   * ConcurrentInsertError. Append-only backends cannot, so the committer checks ids first.
   */
  readonly insertDetectsDuplicates: boolean;
  /**
   * The format this store takes event rows in already serialized, if any (ClickHouse: lines of
   * TabSeparated). The pipeline then encodes each row on a prepare worker, and the thread that
   * writes only places it in its batch, instead of building, copying and serializing row objects.
   */
  readonly rowEncoding: RowEncoding | null;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  forTenant(tenantId: string): TenantStore;
  admin: AdminStore;
  /** Writes sealed batches, their events and quarantined rows together. */
  commit(unit: CommitUnit, opts?: CommitOptions): Promise<void>;
  /** Inserts prepared rows with no pipeline and no integrity: the raw baseline of benchmarks. */
  rawInsertEvents(rows: EventRow[]): Promise<void>;
}

export type StoreKind = "pglite" | "postgres" | "clickhouse";

/**
 * `actor.id` of events whose source recorded no identity (OTLP spans without `user.*`): the
 * contract requires an actor, and source coverage counts this marker as "no actor identity".
 */
export const UNIDENTIFIED_ACTOR_ID = "(unidentified)";

/** Thrown by `commit` when another writer stored one of the events first; the caller re-seals. */
export class ConcurrentInsertError extends Error {
  constructor(
    readonly tenantId: string,
    readonly ids: string[],
  ) {
    super(`events already stored by another writer: ${ids.slice(0, 5).join(", ")}`);
  }
}

export interface TenantStore {
  readonly tenantId: string;
  existingEventIds(ids: readonly string[]): Promise<Set<string>>;
  chainHead(writerId: string): Promise<ChainHead | null>;
  listEvents(query: EventQuery): Promise<EventPage>;
  getEvent(id: string): Promise<StoredEvent | null>;
  countEvents(filter: EventFilter): Promise<number>;
  /**
   * How many events match, exactly from rollups where they answer, else from raw events counted
   * no further than `cap` (then `exact` is false).
   */
  countUpTo(filter: EventFilter, cap: number): Promise<EventTotal>;
  /** The explorer's facets and total over one filter (event-facets.ts). */
  facets(filter: EventFilter, q: FacetQuery): Promise<EventFacets>;
  countOverTime(filter: EventFilter, bucketSeconds: number, by?: Dimension): Promise<TimeBucket[]>;
  /** The overview's KPIs over one filter, in one scan. */
  summarize(filter: EventFilter): Promise<EventSummary>;
  topN(filter: EventFilter, dimension: Dimension, limit: number): Promise<TopEntry[]>;
  /** Quarantined rows matching `query`, newest first (by seq), one page either side of a seq. */
  listQuarantine(query: QuarantineQuery): Promise<QuarantinedEvent[]>;
  /** How many quarantined rows match the filter (the page's total for the range). */
  countQuarantine(filter: QuarantineFilter): Promise<number>;
  /** Per ingest key: how many events fill each evidence field (see SourceCoverage). */
  sourceCoverage(range: TimeRange): Promise<SourceCoverage[]>;
  /** Observed use per principal × server × tool, for access reviews (access-usage-types.ts). */
  accessUsage(q: AccessUsageQuery): Promise<AccessUsageRow[]>;
  /** Deletes the oldest quarantined rows beyond `keep`; returns how many went. */
  trimQuarantine(keep: number): Promise<number>;
  listChains(): Promise<ChainHead[]>;
  listBatches(writerId: string, fromSeq: number, limit: number): Promise<BatchRecord[]>;
  eventsOfBatch(writerId: string, seq: number): Promise<StoredEvent[]>;
  /** Events that claim a batch with no batch record: inserted behind the pipeline's back. */
  eventsWithoutBatch(limit: number): Promise<StoredEvent[]>;
  /** Legal holds and retention records of this tenant (lib/retention). */
  readonly retention: RetentionStore;
  /** Anomaly flags, their engine's state, triage and notifications (SQL control store). */
  readonly detection: DetectionStore;
  /** The explorer's saved views (SQL control store). */
  readonly views: SavedViewStore;
  /** Guard policy versions, revocations and Guard heartbeats (SQL control store). */
  readonly guardAccess: GuardAccessStore;
  /** Access review campaigns, their frozen entries and decisions (SQL control store). */
  readonly reviews: AccessReviewStore;
}

export interface AdminStore {
  /** Per-user dashboard settings (explorer columns). */
  readonly userPreferences: UserPreferenceStore;
  /** Instance-level security events no tenant's stream records (unknown-email sign-ins). */
  readonly securityLog: SecurityLogStore;
  createTenant(input: { id: string; name: string }): Promise<TenantRecord>;
  getTenant(id: string): Promise<TenantRecord | null>;
  listTenants(): Promise<TenantRecord[]>;
  setTenantRedaction(id: string, config: unknown): Promise<void>;
  setTenantRetention(
    id: string,
    policy: { retentionDays?: number | null; legalHold?: boolean },
  ): Promise<void>;
  createIngestKey(input: NewIngestKey): Promise<void>;
  /** Global by design: authentication finds the tenant from the key. */
  findIngestKey(id: string): Promise<IngestKeyRecord | null>;
  listIngestKeys(tenantId: string): Promise<IngestKeyRecord[]>;
  revokeIngestKey(tenantId: string, id: string): Promise<boolean>;
  touchIngestKeys(ids: readonly string[], at: Date): Promise<void>;
  /** Server-side dashboard sessions (lib/auth/sessions.ts). */
  readonly sessions: SessionStore;
  /** Invitations: pending memberships bound to an email (lib/auth/invitations.ts). */
  readonly invitations: InvitationStore;
  createUser(input: {
    email: string;
    name?: string;
    passwordHash?: string;
    passwordSetVia?: PasswordOrigin;
  }): Promise<UserRecord>;
  findUserByEmail(email: string): Promise<UserRecord | null>;
  addMembership(input: {
    userId: string;
    tenantId: string;
    role: string;
    expiresAt?: Date;
  }): Promise<void>;
  countUsers(): Promise<number>;
  /** Sign-in lookup: the only read that returns a password hash. */
  findUserCredentials(email: string): Promise<UserCredentials | null>;
  getUser(id: string): Promise<UserAccount | null>;
  /**
   * Sets (or, with null, clears) an account's password and records who chose it (none: unknown,
   * which SSO treats like a link's).
   */
  setUserPassword(
    userId: string,
    passwordHash: string | null,
    via?: PasswordOrigin | null,
  ): Promise<void>;
  /** Every tenant the user belongs to, with the role there (expired ones included, flagged). */
  membershipsOf(userId: string): Promise<MembershipRecord[]>;
  listMembers(tenantId: string): Promise<MemberRecord[]>;
  removeMembership(tenantId: string, userId: string): Promise<boolean>;
  /** Adds OTLP span counts (bookkeeping, batched off the request path like key usage). */
  addSpanTallies(rows: readonly SpanTally[]): Promise<void>;
  /** One tenant's OTLP span counts per ingest key over hours starting in the range. */
  spanTallies(tenantId: string, range: TimeRange): Promise<SpanTallyTotal[]>;
  registerWriterKey(input: { keyId: string; writerId: string; publicKey: string }): Promise<void>;
  writerKeys(): Promise<Map<string, string>>;
}

export type TenantRecord = {
  id: string;
  name: string;
  createdAt: Date;
  retentionDays: number | null;
  legalHold: boolean;
  redaction: unknown;
};

export type NewIngestKey = {
  id: string;
  tenantId: string;
  name: string;
  secretHash: string;
  servers: string[] | null;
  ratePerSecond: number | null;
  burst: number | null;
};

export type IngestKeyRecord = NewIngestKey & {
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

export type UserRecord = { id: string; email: string; name: string | null; createdAt: Date };
export type UserAccount = UserRecord & { disabledAt: Date | null; hasPassword: boolean };
/**
 * Who chose an account's password: the operator (CLI, first-run setup) or the holder of an
 * invitation link, which does not prove that they own the email (lib/auth/sso.ts).
 */
export type PasswordOrigin = "operator" | "invitation";
export type UserCredentials = UserAccount & {
  passwordHash: string | null;
  passwordSetVia: PasswordOrigin | null;
};
export type MembershipRecord = {
  tenantId: string;
  tenantName: string;
  role: string;
  expiresAt: Date | null;
};
export type NewInvitation = {
  tokenHash: string;
  tenantId: string;
  /** Normalised (lib/auth/failed-sign-ins.ts#normaliseEmail). */
  email: string;
  role: string;
  /** The membership's end date (auditors). */
  accessExpiresAt: Date | null;
  createdBy: string | null;
  /** The link's end. */
  expiresAt: Date;
};
export type InvitationRecord = NewInvitation & {
  tenantName: string;
  createdAt: Date;
  usedAt: Date | null;
  /** The account that accepted it. */
  acceptedBy: string | null;
};
export type InvitationAcceptance = {
  tokenHash: string;
  now: Date;
  /** A signed-in account of the invited email, or a new account with this password. */
  account: { userId: string } | { newPasswordHash: string };
};
export type InvitationOutcome =
  | { ok: true; userId: string; invitation: InvitationRecord }
  | { ok: false; reason: "invalid" | "account-exists" | "wrong-account" | "already-member" };

export interface InvitationStore {
  /** Creates the tenant's pending invitation of this email, replacing an earlier one. */
  upsert(inv: NewInvitation): Promise<void>;
  find(tokenHash: string): Promise<InvitationRecord | null>;
  /** Unused, unexpired invitations of a tenant. */
  pending(tenantId: string, now: Date): Promise<InvitationRecord[]>;
  /** Tenants whose invitations this account accepted. */
  acceptedBy(userId: string): Promise<string[]>;
  /** Checks the link (unused, unexpired), the account, grants the membership and burns the link. */
  accept(a: InvitationAcceptance): Promise<InvitationOutcome>;
}

export type SessionMethod = "password" | "oidc";
export type NewSession = {
  idHash: string;
  userId: string;
  method: SessionMethod;
  createdAt: Date;
  expiresAt: Date;
};
export interface SessionStore {
  create(s: NewSession): Promise<void>;
  /** The account of a live session (not revoked, not expired): one primary-key lookup. */
  resolve(idHash: string, now: Date): Promise<{ user: UserAccount; method: SessionMethod } | null>;
  revoke(idHash: string, now: Date): Promise<void>;
  /** Revokes the account's live sessions except one; returns how many. */
  revokeUser(userId: string, now: Date, exceptIdHash: string | null): Promise<number>;
  /**
   * When each account last signed in (its newest session; sign-in deletes only expired ones, so
   * the newest is kept): access reviews flag members who never or long ago signed in.
   */
  lastSignIn(userIds: readonly string[]): Promise<Map<string, Date>>;
}
export type MemberRecord = {
  userId: string;
  email: string;
  name: string | null;
  role: string;
  expiresAt: Date | null;
  createdAt: Date;
};

export type ChainHead = { writerId: string; seq: number; headerHash: string };

/** A sealed batch as stored: see lib/integrity. */
export type BatchRecord = {
  tenantId: string;
  writerId: string;
  seq: number;
  header: Record<string, unknown>;
  headerHash: string;
  signature: string;
  keyId: string;
  leaves: Buffer;
  eventIds: string[];
  createdAt: Date;
};

/** One row of the events table: projections plus the exact document. */
export type EventRow = {
  tenantId: string;
  id: string;
  time: string;
  receivedAt: string;
  serverName: string;
  method: string;
  tool: string | null;
  actorId: string;
  actorType: string | null;
  clientName: string | null;
  agentId: string | null;
  sessionId: string | null;
  conversationId: string | null;
  traceId: string | null;
  outcome: string;
  verdict: string | null;
  policyId: string | null;
  dataClassification: string | null;
  errorType: string | null;
  durationMs: number | null;
  resultBytes: number | null;
  redactionCount: number;
  argsHmac: string | null;
  ingestKeyId: string;
  writerId: string;
  batchSeq: number;
  leafIndex: number;
  /** Exact JSON text of the stored document. */
  doc: string;
};

export type QuarantineRow = {
  tenantId: string;
  receivedAt: string;
  ingestKeyId: string;
  requestId: string;
  eventIndex: number;
  eventId: string | null;
  errors: ValidationIssue[];
  raw: string;
  rawBytes: number;
};

export type QuarantinedEvent = QuarantineRow & { seq: number };

/** What the quarantine list filters by; every field narrows (AND). */
export type QuarantineFilter = {
  /** received_at in [from, to). */
  range?: TimeRange;
  ingestKeyId?: string;
  eventId?: string;
  /** A substring of an error's path or message; ASCII letters match either case. */
  errorText?: string;
};

export type QuarantineQuery = QuarantineFilter & {
  limit: number;
  /** Older rows: the `limit` newest with seq below this. */
  beforeSeq?: number;
  /** Newer rows: the `limit` oldest with seq above this (still returned newest first). */
  afterSeq?: number;
};

export type ValidationIssue = { path: string; message: string };

export type CommitOptions = {
  /**
   * The unit may already be stored, wholly or partly (an earlier attempt's outcome is unknown):
   * the backend must not store any of its events twice.
   */
  replay?: boolean;
};

/** An event's columns before it has a place in a chain (writer, batch, leaf) and its text. */
export type EventColumns = Omit<EventRow, "writerId" | "batchSeq" | "leafIndex" | "doc">;

export type RowEncoding = "clickhouse-tab-separated";

/** A batch's rows already in its store's insert format: one line per event, in leaf order. */
export type EncodedRows = { encoding: RowEncoding; lines: string[] };

export type SealedBatch = { record: BatchRecord; rows: EventRow[] | EncodedRows };

export type CommitUnit = {
  batches: SealedBatch[];
  quarantine: QuarantineRow[];
};

export const DIMENSIONS = [
  "server",
  "tool",
  "actor",
  "client",
  "agent",
  "outcome",
  "verdict",
  "policy",
  "classification",
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export type EventFilter = {
  from?: Date;
  to?: Date;
  server?: string[];
  tool?: string[];
  actor?: string[];
  client?: string[];
  agent?: string[];
  outcome?: Outcome[];
  verdict?: string[];
  policy?: string[];
  classification?: string[];
  session?: string;
  conversation?: string;
  trace?: string;
  /** Case-insensitive substring of tool, actor id, error message or any argument value. */
  text?: string;
  /** A parsed query (lib/queries/query-language), ANDed with the rest; rollups cannot answer it. */
  query?: QueryNode;
  /**
   * MCP traffic, Tooltrail's own activity (own-activity.ts) or both (unset: both, as before).
   * `mcp` is still answered from rollups, less the own events of the same rows.
   */
  activity?: Activity;
};

export type EventQuery = EventFilter & {
  limit: number;
  /** Sort key, `time` by default; the order and its tie-breakers: db/store/event-sort.ts. */
  sort?: EventSort;
  order?: "desc" | "asc";
  /** Opaque cursor returned as `nextCursor` by the previous page of the same sort and order. */
  cursor?: string;
};

export type EventPage = { events: StoredEvent[]; nextCursor: string | null };
export type TimeBucket = { start: Date; key: string | null; count: number };
export type TopEntry = { key: string; count: number };
export type EventSummary = {
  events: number;
  actors: number;
  outcomes: Partial<Record<Outcome, number>>;
  redactions: number;
  p95DurationMs: number | null;
};

export type TimeRange = { from?: Date; to?: Date };

/** Evidence fields a source may or may not fill, counted by `sourceCoverage`. */
export const COVERAGE_FIELDS = [
  "actor_identity",
  "actor_type",
  "client",
  "agent",
  "session",
  "conversation",
  "trace",
  /** Any of session, conversation or trace: calls that can be put in context at all. */
  "correlation",
  "arguments",
  "duration",
  "result_size",
  "decision",
  "classification",
] as const;
export type CoverageField = (typeof COVERAGE_FIELDS)[number];

/** Per ingest key: events stored in the range and how many of them fill each field. */
export type SourceCoverage = {
  ingestKeyId: string;
  events: number;
  firstTime: Date | null;
  lastTime: Date | null;
  filled: Record<CoverageField, number>;
};

export type SpanTally = {
  tenantId: string;
  ingestKeyId: string;
  /** Start of the hour the spans were received in. */
  hour: Date;
  spans: number;
  events: number;
  dropped: number;
  rejected: number;
};
export type SpanTallyTotal = Omit<SpanTally, "tenantId" | "hour">;
