/**
 * Token buckets per ingest key, counted in events. In-process: with several ingest servers each
 * enforces the key's rate on its own traffic (documented in the README).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes `cost` tokens; returns 0 when allowed, else the seconds to wait before retrying. */
  take(key: string, cost: number, ratePerSecond: number, burst: number): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: burst, at: t };
    b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * ratePerSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (cost <= b.tokens) {
      b.tokens -= cost;
      return 0;
    }
    // A request larger than the burst could never pass; tell the client when a full bucket
    // would be there instead of a wait that cannot succeed.
    const needed = Math.min(cost, burst) - b.tokens;
    return Math.max(1, Math.ceil(needed / ratePerSecond));
  }
}
