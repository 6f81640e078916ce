import { describe, expect, it } from "vitest";
import type { FlagRecord } from "../../db/store/detection-types";
import { EVIDENCE_MAX, foldEpisodes, type RuleInForce } from "./episodes";
import type { Finding } from "./types";

const T0 = Date.UTC(2026, 0, 5, 9);
const MIN = 60_000;

function finding(over: Partial<Finding> = {}): Finding {
  return {
    rule: "denial_burst",
    subject: { kind: "actor", key: "bob", label: "Bob" },
    groupKey: "actor|bob",
    severity: "medium",
    start: T0,
    end: T0 + MIN,
    observed: { denials: 10 },
    baseline: null,
    sentence: "bob was denied 10 times",
    evidence: ["a", "b"],
    ...over,
  };
}

const rules = new Map<string, RuleInForce>([
  ["denial_burst", { version: 2, params: { threshold: 10 } }],
  ["off_hours", { version: 1, params: { quietMinutes: 240 } }],
]);

function fold(active: FlagRecord[], findings: Finding[], to: number) {
  let n = 0;
  return foldEpisodes({ active, findings, rules, to, now: new Date(to), newId: () => `f${++n}` });
}

describe("episodes", () => {
  it("fold a window's findings of one key into one new flag with the worst figures", () => {
    const out = fold(
      [],
      [
        finding(),
        finding({
          severity: "high",
          observed: { denials: 30 },
          sentence: "30",
          evidence: ["b", "c"],
          end: T0 + 2 * MIN,
        }),
        finding({
          severity: "low",
          observed: { denials: 3 },
          sentence: "3",
          evidence: ["d"],
          end: T0 + 3 * MIN,
        }),
        finding({ rule: "off_hours", evidence: ["x"] }),
      ],
      T0 + 5 * MIN,
    );
    expect(out.created).toHaveLength(2);
    expect(out.created[0]).toMatchObject({
      id: "f1",
      ruleVersion: 2,
      params: { threshold: 10 },
      severity: "high",
      observed: { denials: 30 },
      sentence: "30",
      start: new Date(T0),
      end: new Date(T0 + 3 * MIN),
      evidence: ["a", "b", "c", "d"],
      status: "open",
      active: true,
      subjectLabel: "Bob",
    });
    expect(out.history.map((h) => [h.flagId, h.action])).toEqual([
      ["f1", "opened"],
      ["f2", "opened"],
    ]);
    expect(out.escalated).toEqual([]);
  });

  it("extend an active flag, escalate it only when severity rises, and cap its evidence", () => {
    const [flag] = fold([], [finding()], T0 + 2 * MIN).created as FlagRecord[];
    const many = Array.from({ length: 150 }, (_, i) => `e${i}`);
    const later = fold(
      [flag as FlagRecord],
      [finding({ start: T0 + 10 * MIN, end: T0 + 11 * MIN, evidence: many })],
      T0 + 12 * MIN,
    );
    expect(later.created).toEqual([]);
    expect(later.escalated).toEqual([]);
    const [ext] = later.updated;
    expect(ext?.id).toBe("f1");
    expect(ext?.start).toEqual(new Date(T0));
    expect(ext?.end).toEqual(new Date(T0 + 11 * MIN));
    expect(ext?.evidence).toHaveLength(EVIDENCE_MAX);
    expect(ext?.evidence.slice(0, 3)).toEqual(["a", "b", "e0"]);
    expect(ext?.lastSeen).toEqual(new Date(T0 + 12 * MIN));
    expect(ext?.firstSeen).toEqual(new Date(T0 + 2 * MIN));
    const worse = fold([ext as FlagRecord], [finding({ severity: "critical" })], T0 + 13 * MIN);
    expect(worse.escalated.map((f) => f.severity)).toEqual(["critical"]);
    expect(worse.history).toMatchObject([
      { action: "escalated", details: { from: "medium", to: "critical" } },
    ]);
  });

  it("end a flag after its rule's quiet time, keeping its triage status", () => {
    const [a, b] = fold([], [finding(), finding({ rule: "off_hours" })], T0 + 2 * MIN).created;
    const triaged = { ...(a as FlagRecord), status: "acknowledged" as const };
    const hour = fold([triaged, b as FlagRecord], [], T0 + MIN + 60 * MIN);
    expect(hour.ended.map((f) => [f.id, f.active, f.status])).toEqual([
      ["f1", false, "acknowledged"],
    ]);
    expect(fold([b as FlagRecord], [], T0 + MIN + 239 * MIN).ended).toEqual([]);
    expect(fold([b as FlagRecord], [], T0 + MIN + 240 * MIN).ended.map((f) => f.id)).toEqual([
      "f2",
    ]);
  });
});
