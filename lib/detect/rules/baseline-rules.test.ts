import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { memoryBaselines } from "../testing/memory-baselines";
import { runRule } from "../testing/run-rule";
import type { Rule } from "../types";
import { bulkEgress } from "./bulk-egress";
import { denialBurst } from "./denial-burst";
import { firstUse } from "./first-use";
import { offHours } from "./off-hours";
import { rateLimitStorm } from "./rate-limit-storm";
import { telemetryGap } from "./telemetry-gap";
import { validationErrorBurst } from "./validation-error-burst";
import { volumeSpike } from "./volume-spike";

/**
 * What the engine relies on from every baseline rule: it may run a window twice (a retry after
 * a lost commit, or again once the history a rule asked for is loaded), so a rule must not
 * change the state it was given, and the same input gives the same output.
 */

const MIN = 60_000;
const H = 60 * MIN;
const NOW = Date.UTC(2026, 1, 2, 14);

const history = stream("h")
  .hourly(NOW - 8 * 24 * H, 8 * 24, 60, { ingestKeyId: "key-1", resultBytes: 1000 })
  .hourly(NOW - 8 * 24 * H, 8 * 24, 10, { ingestKeyId: "key-2", tool: "search" })
  .build();

function traffic(from: number, prefix: string) {
  return stream(prefix)
    .burst(from, 30, { outcome: "denied" }, 5_000)
    .burst(from, 40, { outcome: "invalid", actorId: "bob" }, 3_000)
    .burst(from, 80, { outcome: "rate_limited", actorId: "etl", actorType: "service" }, 2_000)
    .burst(
      from + MIN,
      200,
      { tool: "delete_file", resultBytes: 200_000, ingestKeyId: "key-2" },
      1_000,
    )
    .build();
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const rules = [
  volumeSpike,
  bulkEgress,
  firstUse,
  denialBurst,
  validationErrorBurst,
  rateLimitStorm,
  offHours,
  telemetryGap,
] as unknown as Rule[];

describe.each(rules.map((r) => [r.id, r] as const))("%s", (_, rule) => {
  it("never changes the state it is given, and answers the same twice", () => {
    const first = traffic(NOW, "a");
    const before = runRule(rule, { history, events: first, to: NOW + 10 * MIN });
    const state = deepFreeze(before.state);
    const snapshot = JSON.stringify(state);
    const next = traffic(NOW + 10 * MIN, "b");
    const window = { from: NOW + 10 * MIN, to: NOW + 20 * MIN };
    const input = () => ({
      events: next,
      state,
      params: rule.params.parse({}),
      allow: new Set<string>(),
      baselines: memoryBaselines([...history, ...first], {
        before: window.from,
        learningSince: NOW - 8 * 24 * H,
      }),
      window,
    });
    const a = rule.evaluate(input());
    const b = rule.evaluate(input());
    expect(JSON.stringify(state)).toBe(snapshot);
    expect(b).toEqual(a);
    expect(JSON.parse(JSON.stringify(a.state))).toEqual(a.state);
  });
});

it("the crafted traffic exercises the rules (the purity test is not vacuous)", () => {
  // alice goes on through key-2 after key-1's last event: a telemetry gap at 30 minutes
  const tail = stream("c")
    .burst(NOW + 15 * MIN, 40, { ingestKeyId: "key-2" }, MIN)
    .build();
  const events = [...traffic(NOW, "a"), ...traffic(NOW + 10 * MIN, "b"), ...tail].sort(
    (x, y) => x.time - y.time,
  );
  const fired = rules
    .filter((r) => runRule(r, { history, events }).findings.length > 0)
    .map((r) => r.id);
  expect(fired).toEqual(
    expect.arrayContaining([
      "volume_spike",
      "bulk_egress",
      "first_use",
      "denial_burst",
      "validation_error_burst",
      "rate_limit_storm",
      "telemetry_gap",
    ]),
  );
});
