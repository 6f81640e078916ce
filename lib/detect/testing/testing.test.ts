import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Rule } from "../types";
import { stream } from "./events";
import { memoryBaselines } from "./memory-baselines";
import { foldFindings, runRule } from "./run-rule";

const H = 3_600_000;
const T0 = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC

describe("in-memory baselines", () => {
  const events = stream()
    .hourly(T0, 3, 4, { actorId: "bob", tool: "t", resultBytes: 10, argValues: ["a", "b"] })
    .at(T0 + 5 * H, { actorId: "bob", internal: true })
    .build();

  it("tallies hourly series with zeros filled, only before the cut-off", () => {
    const b = memoryBaselines(events, { before: T0 + 2 * H, learningSince: T0 });
    expect(b.hourly("actor", "bob", T0, T0 + 4 * H)).toEqual([4, 4, 0, 0]);
    expect(b.hourly("actor_tool", "bob\u001ft", T0, T0 + H)).toEqual([4]);
    expect(b.hourly("actor_bytes", "bob", T0, T0 + H)).toEqual([40]);
    expect(b.hourly("actor_distinct", "bob", T0, T0 + H)).toEqual([2]);
    expect(b.hourly("ingest_key", "key-1", T0, T0 + H)).toEqual([4]);
    expect(b.learningSince).toBe(T0);
  });

  it("first and last seen skip internal events and events at or after the cut-off", () => {
    const b = memoryBaselines(events, { before: T0 + 10 * H, learningSince: T0 });
    expect(b.seen("actor", "bob")).toEqual({ first: T0, last: T0 + 2 * H + 45 * 60_000 });
    expect(b.seen("actor_server", "bob\u001ffiles")).not.toBeNull();
    expect(b.seen("tool", "nope")).toBeNull();
    expect(memoryBaselines(events, { before: T0, learningSince: T0 }).seen("actor", "bob")).toBe(
      null,
    );
  });
});

// A minimal rule: counts events per actor in state and reports the running count each window.
const counting: Rule<{ every: number }, { counts: Record<string, number> }> = {
  id: "volume_spike",
  version: 1,
  title: "count",
  description: "count",
  params: z.object({ every: z.number().default(1) }),
  enabledByDefault: true,
  initialState: () => ({ counts: {} }),
  evaluate({ events, state }) {
    const counts = { ...state.counts };
    for (const e of events) counts[e.actorId] = (counts[e.actorId] ?? 0) + 1;
    const findings = Object.entries(counts).map(([k, n]) => ({
      rule: "volume_spike" as const,
      subject: { kind: "actor" as const, key: k, label: k },
      groupKey: `volume_spike|actor|${k}`,
      severity: "low" as const,
      start: 0,
      end: n,
      observed: { n },
      baseline: null,
      sentence: `${k}: ${n}`,
      evidence: events.filter((e) => e.actorId === k).map((e) => e.id),
    }));
    return { findings, state: { counts } };
  },
};

describe("runRule", () => {
  const events = stream().burst(T0, 5, {}, 30_000).build();

  it("cuts the stream into windows and carries state through JSON", () => {
    const perMinute = runRule(counting, { events });
    expect(perMinute.windows).toBe(3);
    expect(perMinute.state).toEqual({ counts: { alice: 5 } });
    const once = runRule(counting, { events, windowMs: 10 * 60_000 });
    expect(once.windows).toBe(1);
    expect(foldFindings(perMinute.findings)).toEqual(foldFindings(once.findings));
  });

  it("refuses state that does not survive JSON", () => {
    const withMap: Rule<unknown, { m: Map<string, number> }> = {
      ...(counting as unknown as Rule<unknown, { m: Map<string, number> }>),
      initialState: () => ({ m: new Map() }),
      evaluate: ({ state }) => {
        state.m.set("x", 1);
        return { findings: [], state };
      },
    };
    expect(() => runRule(withMap, { events, windowMs: 60_000 })).toThrow();
  });
});
