/** Per-user dashboard settings, as JSON under a key (e.g. `explorer.columns`). */
export interface UserPreferenceStore {
  get(userId: string, key: string): Promise<unknown>;
  set(userId: string, key: string, value: unknown): Promise<void>;
}

export type SecurityLogKind = "sign_in_failed";

/** One (kind, email, address) in one hour: attempts, and how many got the lockout message. */
export type SecurityLogEntry = {
  kind: SecurityLogKind;
  email: string;
  address: string;
  attempts: number;
  lockedAttempts: number;
  firstAt: Date;
  lastAt: Date;
};

/** Instance-level security events that belong to no tenant's stream, bounded in rows. */
export interface SecurityLogStore {
  /** Adds one attempt, then trims the log to its newest `keep` rows. */
  record(
    e: { kind: SecurityLogKind; email: string; address: string; at: Date; locked: boolean },
    keep: number,
  ): Promise<void>;
  /** Newest first. */
  list(limit: number): Promise<SecurityLogEntry[]>;
}
