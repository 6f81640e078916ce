import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import { denialBurst } from "./denial-burst";

const T0 = Date.UTC(2026, 0, 5, 14);

describe("denial_burst", () => {
  it("counts denied outcomes and Guard deny verdicts together", () => {
    const events = stream()
      .burst(T0, 5, { outcome: "denied" })
      .burst(T0 + 5_000, 5, { outcome: "error", verdict: "deny" })
      .build();
    const [f] = foldFindings(runRule(denialBurst, { events }).findings);
    expect(f?.observed.events).toBe(10);
  });

  it("does not count other outcomes or allow verdicts", () => {
    const events = stream()
      .burst(T0, 9, { outcome: "denied" })
      .burst(T0 + 9_000, 20, { outcome: "error", verdict: "allow" })
      .burst(T0 + 30_000, 20, { outcome: "rate_limited" })
      .build();
    expect(runRule(denialBurst, { events }).findings).toEqual([]);
  });

  it("respects a tenant's threshold", () => {
    const events = stream().burst(T0, 4, { outcome: "denied" }).build();
    expect(runRule(denialBurst, { events, params: { threshold: 4 } }).findings).toHaveLength(1);
    expect(runRule(denialBurst, { events, params: { threshold: 5 } }).findings).toHaveLength(0);
  });
});
