import { describe, expect, it } from "vitest";
import { afterAttempt, DEFAULT_RETRY, retryDelayMs } from "./retry";

describe("retry policy", () => {
  const min = 60_000;

  it("doubles from one minute up to the cap, with ±25% jitter", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelayMs(n, DEFAULT_RETRY, mid) / min)).toEqual([
      1, 2, 4, 8, 16, 32, 60, 60,
    ]);
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0)).toBe(45_000);
    expect(retryDelayMs(1, DEFAULT_RETRY, () => 0.999_999)).toBeCloseTo(75_000, -1);
  });

  it("schedules the next attempt after a failure, fails after the last, records the answer", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    const failure = { ok: false as const, status: 500, error: "HTTP 500" };
    const next = afterAttempt({ attempts: 0 }, failure, now, DEFAULT_RETRY, () => 0.5);
    expect(next).toEqual({
      status: "pending",
      attempts: 1,
      lastStatus: 500,
      lastError: "HTTP 500",
      nextAttemptAt: new Date(now.getTime() + min),
    });
    const last = afterAttempt({ attempts: 7 }, failure, now, DEFAULT_RETRY, () => 0.5);
    expect(last).toEqual({ status: "failed", attempts: 8, lastStatus: 500, lastError: "HTTP 500" });
    const ok = afterAttempt(
      { attempts: 2 },
      { ok: true, status: 204, body: "" },
      now,
      DEFAULT_RETRY,
      Math.random,
    );
    expect(ok).toEqual({
      status: "delivered",
      attempts: 3,
      deliveredAt: now,
      lastStatus: 204,
      lastError: null,
    });
  });
});
