import type { PolicyGrant } from "./types";

/**
 * What a campaign reviews: one entry per grant. `tool` entries are Guard grants (or use no policy
 * grants: a finding), `membership` entries Tooltrail's own dashboard access, `ingest-key` entries
 * the keys that write into the audit trail.
 */
export type EntryKind = "tool" | "membership" | "ingest-key";

export const ENTRY_FLAGS = [
  /** Used before, but not in the last 90 days. */
  "dormant",
  /** No recorded use at all. */
  "never-used",
  /** A tool marked sensitive, or classified restricted or confidential, in the policy. */
  "privileged",
  "auditor-expired",
  /** An auditor whose access ends within 14 days. */
  "auditor-expiring",
  /** Every use came through one ingest key: nothing corroborates it. */
  "single-source",
  /** Open or acknowledged anomaly flags about this principal. */
  "anomaly",
  /** Used, but no registered policy grants it (an unguarded server, or a rule missing). */
  "observed-only",
] as const;
export type EntryFlag = (typeof ENTRY_FLAGS)[number];

export type EntryUsage = {
  firstSeen: string | null;
  lastUsed: string | null;
  /** Calls and denials in the review period. */
  calls: number;
  denials: number;
  /** Ingest keys that reported the use. */
  sources: string[];
};

/** Which policy version and rule grant an entry. */
export type GrantSource = { policyVersionId: string; policyHash: string; ruleId: string };

export type PopulationEntry = {
  /** Stable across campaigns: kind, principal, server and tool (new/unchanged/removed tags). */
  key: string;
  kind: EntryKind;
  /** An actor id, `role:<name>`, `*` (any caller), a member's email or an ingest key id. */
  principal: string;
  principalKind: PolicyGrant["principal"]["kind"] | "user" | "key";
  /** The Guard server, or `tooltrail` for Tooltrail's own access. */
  server: string;
  /** A tool or glob; a member's role; `ingest` for a key. */
  tool: string;
  actorType: string | null;
  grantedBy: GrantSource[];
  usage: EntryUsage;
  flags: EntryFlag[];
  /** The human an agent or service acts for, and a principal's manager, when events say so. */
  actsFor: string | null;
  manager: string | null;
  /** Membership: user id, role, auditor end; key: scope and rate. */
  detail: Record<string, string | number | string[] | null>;
};

/** Totals the snapshot is reconciled against (recorded with its hash). */
export type PopulationCounts = {
  entries: number;
  byKind: Record<EntryKind, number>;
  observedOnly: number;
  policyVersions: number;
  grants: number;
  /** Tool calls in the period summed over entries, and as the rollups count them. */
  callsInEntries: number;
  callsInRollups: number;
  reconciled: boolean;
};
