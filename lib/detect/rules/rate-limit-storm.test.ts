import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import { rateLimitStorm } from "./rate-limit-storm";

const T0 = Date.UTC(2026, 0, 5, 14);

describe("rate_limit_storm", () => {
  it("fires at 50 rate-limited calls in 5 minutes, counting both signals", () => {
    const events = stream()
      .burst(T0, 25, { outcome: "rate_limited" }, 5_000)
      .burst(T0 + 125_000, 25, { outcome: "success", rateLimited: true }, 5_000)
      .build();
    const [f] = foldFindings(runRule(rateLimitStorm, { events }).findings);
    expect(f?.observed.events).toBe(50);
    expect(f?.sentence).toContain("alice was rate limited 50 times");
  });

  it("49 do not; an allow-listed batch account never does", () => {
    const just = stream().burst(T0, 49, { outcome: "rate_limited" }, 5_000).build();
    expect(runRule(rateLimitStorm, { events: just }).findings).toEqual([]);
    const batch = stream().burst(T0, 500, { outcome: "rate_limited", actorId: "etl" }).build();
    expect(runRule(rateLimitStorm, { events: batch, allow: ["etl"] }).findings).toEqual([]);
    expect(runRule(rateLimitStorm, { events: batch }).findings.length).toBeGreaterThan(0);
  });
});
