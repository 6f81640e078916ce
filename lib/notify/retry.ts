import type { DeliveryRecord } from "../../db/store/detection-types";
import type { PostResult } from "./pinned-post";

/**
 * Retries: exponential backoff from `baseMs`, doubled per failed attempt up to `capMs`, with
 * ±25% jitter so that destinations that failed together (an outage) are not retried in lockstep;
 * after `maxAttempts` the delivery is failed for good. Defaults: 1, 2, 4, 8, 16, 32, 60 min, so
 * 8 attempts span about two hours.
 */
export type RetryPolicy = { baseMs: number; capMs: number; maxAttempts: number };
export const DEFAULT_RETRY: RetryPolicy = {
  baseMs: 60_000,
  capMs: 60 * 60_000,
  maxAttempts: 8,
};

/** The wait after the `attempts`-th failed attempt (1-based); `random` in [0, 1). */
export function retryDelayMs(attempts: number, policy: RetryPolicy, random: () => number): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (0.75 + 0.5 * random()));
}

/** The delivery's fields after one attempt with `result`, made at `now`. */
export function afterAttempt(
  d: Pick<DeliveryRecord, "attempts">,
  result: PostResult,
  now: Date,
  policy: RetryPolicy,
  random: () => number,
): Partial<DeliveryRecord> {
  const attempts = d.attempts + 1;
  if (result.ok)
    return {
      status: "delivered",
      attempts,
      deliveredAt: now,
      lastStatus: result.status,
      lastError: null,
    };
  const last = { attempts, lastStatus: result.status, lastError: result.error.slice(0, 500) };
  if (attempts >= policy.maxAttempts) return { ...last, status: "failed" };
  return {
    ...last,
    status: "pending",
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, policy, random)),
  };
}
