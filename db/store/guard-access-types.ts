/*
 * Guard's side of access reviews in the store (SQL control store on every backend): policy
 * versions registered by Guard instances, revocations and their per-server list version, and
 * Guard heartbeats. lib/access/types.ts re-exports the record types for the application.
 */

export type PolicyVersion = {
  id: string;
  server: string;
  instance: string;
  guardVersion: string;
  /** sha256 hex of the canonical document. */
  hash: string;
  /** The parsed policy. */
  document: unknown;
  effectiveFrom: Date;
  /** null = in force now. */
  effectiveTo: Date | null;
};

/** `withdrawn`: a later keep of its entry lifted it; Guard's list leaves it out. */
export type RevocationStatus = "pending" | "enforced" | "exception" | "withdrawn";
export const REVOCATION_STATUSES: readonly RevocationStatus[] = [
  "pending",
  "enforced",
  "exception",
  "withdrawn",
];

export type Revocation = {
  id: string;
  /** An actor id, `role:<name>` for every holder of a role, or `*` for any caller. */
  principal: string;
  server: string;
  /** Tool names or globs (`*` = any run of characters); [] = every tool. */
  tools: string[];
  campaignId: string;
  campaignName: string;
  entryId: string;
  reviewerUserId: string;
  reason: string;
  createdAt: Date;
  /** The server's revocation-list version that first contains this revocation. */
  listVersion: number;
  status: RevocationStatus;
  confirmedAt: Date | null;
  /** The Guard instance that confirmed it. */
  confirmedBy: string | null;
  proofEventId: string | null;
  exceptionNote: string | null;
};

export type NewRevocation = Omit<
  Revocation,
  "listVersion" | "status" | "confirmedAt" | "confirmedBy" | "proofEventId" | "exceptionNote"
>;

export type PolicyRegistration = {
  server: string;
  instance: string;
  guardVersion: string;
  policyId: string;
  hash: string;
  document: unknown;
  keyId: string;
  at: Date;
};

export type GuardHeartbeat = {
  server: string;
  instance: string;
  guardVersion: string;
  keyId: string;
  policyHash: string | null;
  listVersion: number;
  at: Date;
};

export type GuardInstanceRecord = Omit<GuardHeartbeat, "at"> & { lastHeartbeatAt: Date };

export interface GuardAccessStore {
  /**
   * Records the policy a Guard instance runs. The same hash as the instance's open version is
   * idempotent (`created: false`); another hash closes that version at `at` and opens a new one.
   */
  registerPolicy(r: PolicyRegistration): Promise<{ version: PolicyVersion; created: boolean }>;
  /** Versions of one server (or all), oldest first; with `at`, only those in force then. */
  listPolicyVersions(q?: { server?: string; at?: Date }): Promise<PolicyVersion[]>;
  /** Adds a revocation and bumps its server's list version, in one transaction. */
  issueRevocation(r: NewRevocation): Promise<Revocation>;
  getRevocation(id: string): Promise<Revocation | null>;
  listRevocations(q?: { campaignId?: string; server?: string }): Promise<Revocation[]>;
  /** The server's list version (0 when nothing was ever revoked there). */
  listVersion(server: string): Promise<number>;
  /** pending (or exception) → enforced; false when it was already enforced, withdrawn or unknown. */
  confirmRevocation(id: string, by: string, at: Date): Promise<boolean>;
  /** Sets the first proof (a denied event id); false when one is already recorded. */
  recordProof(id: string, eventId: string, at: Date): Promise<boolean>;
  /** A noted exception on a revocation not enforced; false when unknown, enforced or withdrawn. */
  recordException(id: string, note: string, by: string, at: Date): Promise<boolean>;
  recordHeartbeat(h: GuardHeartbeat): Promise<void>;
  listGuardInstances(server?: string): Promise<GuardInstanceRecord[]>;
}
