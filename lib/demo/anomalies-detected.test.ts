import { describe, expect, it } from "vitest";
import { eventV1Schema, type StoredEvent } from "../core/contract";
import { DEFAULT_POLICY, redactEvent } from "../core/redact";
import { RULES } from "../detect/rules";
import { runRule } from "../detect/testing/run-rule";
import { toDetectEvent } from "../detect/to-detect-event";
import { type DetectEvent, RULE_IDS } from "../detect/types";
import { generateWithAnomalies } from "./anomalies";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The injected anomalies are what the rules detect: every rule fed the demo's stream (redacted as
 * the server stores it) finds each anomaly labelled with it, by group key and overlapping window.
 * The engine's own scoring, with precision, is `npm run bench:detect`.
 */
describe("the anomaly demo's ground truth", () => {
  const to = new Date("2026-11-20T09:30:00Z");
  const from = new Date(to.getTime() - 14 * DAY);
  const demo = generateWithAnomalies({ seed: 5, tenant: "acme", from, to, count: 14 * 300 });
  const events: DetectEvent[] = demo.events.map((e) => {
    const stored = redactEvent(eventV1Schema.parse(e), DEFAULT_POLICY);
    return toDetectEvent({
      ...stored,
      tenant_id: "acme",
      received_at: stored.time,
      ingest_key_id: "demo",
    } as StoredEvent);
  });
  // The drill as the server records it at run time: Tooltrail's own event.
  const drillAt = to.getTime() - 60_000;
  events.push({
    ...(events[0] as DetectEvent),
    id: "drill",
    time: drillAt,
    internal: true,
    server: "tooltrail-dashboard",
    tool: "integrity.verified",
    outcome: "error",
    argValues: ["1 findings: 1 drill (tooltrail demo --anomalies); no stored event was changed"],
  });
  const truth = demo.truth.map((t) =>
    t.source === "recorded"
      ? {
          ...t,
          window: { from: new Date(drillAt).toISOString(), to: new Date(drillAt).toISOString() },
        }
      : t,
  );

  it.each(RULE_IDS)("%s finds every anomaly labelled with it", (id) => {
    const { findings } = runRule(RULES[id], {
      events,
      windowMs: HOUR,
      learningSince: from.getTime(),
    });
    const expected = truth.filter((t) => t.rule === id);
    expect(expected.length).toBeGreaterThan(0);
    const missed = expected.filter(
      (t) =>
        !findings.some(
          (f) =>
            f.groupKey === t.groupKey &&
            f.end >= Date.parse(t.window.from) - HOUR &&
            f.start <= Date.parse(t.window.to) + HOUR,
        ),
    );
    expect(missed.map((t) => t.note)).toEqual([]);
  });
});
