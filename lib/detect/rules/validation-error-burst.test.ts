import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import { validationErrorBurst } from "./validation-error-burst";

const T0 = Date.UTC(2026, 0, 5, 14);

describe("validation_error_burst", () => {
  it("fires at 20 invalid calls in 5 minutes, counting both signals", () => {
    const events = stream()
      .burst(T0, 10, { outcome: "invalid" }, 10_000)
      .burst(T0 + 100_000, 10, { outcome: "error", validationFailed: true }, 10_000)
      .build();
    const [f] = foldFindings(runRule(validationErrorBurst, { events }).findings);
    expect(f).toMatchObject({
      groupKey: "validation_error_burst|actor|alice",
      observed: { events: 20, peak: 20 },
    });
    expect(f?.sentence).toContain("alice made 20 calls that failed validation");
  });

  it("19 do not, nor denials, nor internal events", () => {
    const events = stream()
      .burst(T0, 19, { outcome: "invalid" })
      .burst(T0, 30, { outcome: "denied" })
      .burst(T0, 30, { outcome: "invalid", internal: true })
      .build();
    expect(runRule(validationErrorBurst, { events }).findings).toEqual([]);
  });
});
