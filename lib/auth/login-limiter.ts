/**
 * Failed sign-ins are counted per account and per client address in a sliding window; past the
 * limit the account (or address) is locked for `lockMs`, even for the right password, so
 * guessing costs days. In memory: the dashboard runs in one process (see README, Dashboard).
 */
export type LoginLimits = {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMs: number;
  lockMs: number;
};

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  maxFailuresPerAccount: 5,
  maxFailuresPerAddress: 30,
  windowMs: 15 * 60_000,
  lockMs: 15 * 60_000,
};

type Entry = { failures: number[]; lockedUntil: number };

export class LoginLimiter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Milliseconds until a sign-in may be tried again for this account/address; 0 when allowed. */
  retryAfterMs(account: string, address: string): number {
    const now = this.clock();
    const waits = [this.key("a", account), this.key("ip", address)].map((k) => {
      const e = this.entries.get(k);
      return e && e.lockedUntil > now ? e.lockedUntil - now : 0;
    });
    return Math.max(...waits);
  }

  recordFailure(account: string, address: string): void {
    this.bump(this.key("a", account), this.limits.maxFailuresPerAccount);
    this.bump(this.key("ip", address), this.limits.maxFailuresPerAddress);
  }

  /** A successful sign-in clears the account's failures (not the address's). */
  recordSuccess(account: string): void {
    this.entries.delete(this.key("a", account));
  }

  private key(kind: string, value: string): string {
    return `${kind}:${value.toLowerCase()}`;
  }

  private bump(key: string, max: number): void {
    const now = this.clock();
    const e = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
    e.failures = e.failures.filter((t) => t > now - this.limits.windowMs);
    e.failures.push(now);
    if (e.failures.length >= max) {
      e.lockedUntil = now + this.limits.lockMs;
      e.failures = [];
    }
    this.entries.set(key, e);
    // Bounded memory under a spray of random accounts: forget the oldest idle entries.
    if (this.entries.size > 100_000) {
      for (const [k, v] of this.entries) {
        if (v.lockedUntil < now && v.failures.every((t) => t <= now - this.limits.windowMs))
          this.entries.delete(k);
        if (this.entries.size <= 50_000) break;
      }
    }
  }
}
