/** Retention and legal holds as the store keeps them: see lib/retention. */
export interface RetentionStore {
  listHolds(): Promise<LegalHold[]>;
  addHold(
    input: Omit<LegalHold, "tenantId" | "createdAt" | "releasedAt" | "releasedBy">,
  ): Promise<LegalHold>;
  /** False when no active hold has that id. */
  releaseHold(id: string, by: string): Promise<boolean>;
  /** Every retention record, oldest first. */
  records(): Promise<RetentionRecord[]>;
  /**
   * Stores the signed record, then removes the chain's batches through `throughSeq` with their
   * events (SQL: one transaction). Idempotent: applying a stored record again finishes its work.
   */
  apply(record: RetentionRecord): Promise<void>;
}

export type LegalHold = {
  id: string;
  tenantId: string;
  /** Null: from the first event; `to` null: until released. */
  from: Date | null;
  to: Date | null;
  reason: string;
  createdBy: string;
  createdAt: Date;
  releasedAt: Date | null;
  releasedBy: string | null;
};

/** What retention removed from one chain, signed: see lib/retention/statement.ts. */
export type RetentionRecord = {
  tenantId: string;
  writerId: string;
  throughSeq: number;
  statement: RetentionStatement;
  statementHash: string;
  signature: string;
  keyId: string;
};

export type RetentionStatement = {
  v: 1;
  tenant_id: string;
  writer_id: string;
  /** Batches `from_seq`..`through_seq` were removed; the chain resumes after `through_hash`. */
  from_seq: number;
  through_seq: number;
  through_hash: string;
  removed_events: number;
  first_time: string;
  last_time: string;
  cutoff: string;
  retention_days: number;
  holds: string[];
  run_at: string;
};
