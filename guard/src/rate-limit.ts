import type { RateSpec } from "./policy/schema";

type Bucket = { tokens: number; at: number };

export type RateVerdict =
  | { limited: false }
  | { limited: true; key: string; limit: number; window_s: number; retryAfterS: number };

/**
 * Token buckets keyed by user, by tool and by user+tool. A bucket holds `limit` tokens and
 * refills `limit` per `window_s`, so bursts up to the limit pass and the long-run rate holds.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  check(checks: { key: string; spec: RateSpec | undefined }[]): RateVerdict {
    const t = this.now();
    const taken: Bucket[] = [];
    for (const { key, spec } of checks) {
      if (!spec) continue;
      const perMs = spec.limit / (spec.window_s * 1000);
      let b = this.buckets.get(key);
      if (!b) {
        b = { tokens: spec.limit, at: t };
        this.buckets.set(key, b);
      }
      b.tokens = Math.min(spec.limit, b.tokens + (t - b.at) * perMs);
      b.at = t;
      if (b.tokens < 1) {
        // Give back what earlier buckets took: a refused call must not consume quota.
        for (const prev of taken) prev.tokens += 1;
        return {
          limited: true,
          key,
          limit: spec.limit,
          window_s: spec.window_s,
          retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000)),
        };
      }
      b.tokens -= 1;
      taken.push(b);
    }
    if (this.buckets.size > 100_000) this.prune(t);
    return { limited: false };
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets) if (t - b.at > 3600_000) this.buckets.delete(k);
  }
}
