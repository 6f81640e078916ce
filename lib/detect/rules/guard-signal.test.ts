import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { runRule } from "../testing/run-rule";
import { guardSignal, parseIndicators } from "./guard-signal";

const T0 = Date.UTC(2026, 2, 2, 10, 0);

describe("guard_signal", () => {
  const events = stream()
    .at(T0, {
      server: "github",
      tool: "get_file_contents",
      outcome: "denied",
      verdict: "deny",
      labels: { "guard.injection": "instructions:2,hidden_unicode:1" },
    })
    .at(T0 + 1000, {
      server: "github",
      tool: "search",
      actorName: "Alice",
      outcome: "ok",
      labels: { "guard.tool_pin": "changed", "guard.tool_hash": "0123456789abcdef" },
    })
    .at(T0 + 2000, {
      server: "github",
      tool: null,
      actorId: "tooltrail-guard",
      outcome: "ok",
      labels: { "guard.rug_pull": "search changed" },
    })
    .at(T0 + 3000, {
      labels: { "guard.tool_hash": "0123456789abcdef", "guard.tool_pin": "pinned" },
    })
    .at(T0 + 4000, { internal: true, labels: { "guard.injection": "instructions:1" } })
    .build();

  it("flags injection per actor, a changed pin per server and tool, a tool-list report per server", () => {
    const { findings } = runRule(guardSignal, { events });
    expect(findings.map((f) => [f.groupKey, f.subject.label, f.severity, f.evidence])).toEqual([
      ["guard_signal|actor|alice|injection", "alice", "high", ["e1"]],
      ["guard_signal|tool|search|github|tool_pin", "github/search", "high", ["e2"]],
      ["guard_signal|server|github|rug_pull", "github", "high", ["e3"]],
    ]);
    expect(findings[0]?.observed).toEqual({ indicators: 3, instructions: 2, hidden_unicode: 1 });
    expect(findings[0]?.sentence).toBe(
      "Guard found prompt-injection indicators (instructions ×2, hidden_unicode ×1) in the result of github/get_file_contents called by alice. Guard blocked the call.",
    );
    expect(findings[1]?.sentence).toBe(
      "Alice called github/search, whose definition changed since Guard pinned it (a possible rug pull).",
    );
    expect(findings[2]?.sentence).toBe(
      "Guard reported tool definitions changed since they were pinned on server github: search changed.",
    );
  });

  it("honours the enabled signals and the allow-list", () => {
    const only = runRule(guardSignal, { events, params: { signals: ["tool_pin"] } }).findings;
    expect(only.map((f) => f.evidence[0])).toEqual(["e2"]);
    const allowed = runRule(guardSignal, { events, allow: ["alice", "github"] }).findings;
    expect(allowed.map((f) => f.subject.key)).toEqual(["search"]);
  });

  it("reads hostile labels as data", () => {
    expect(parseIndicators("instructions:2,x:y,:3,__proto__:1,evil;drop:1")).toEqual([
      ["instructions", 2],
    ]);
    expect(parseIndicators(`a:1,${"b:1,".repeat(1_000_000)}`)).toHaveLength(16);
    const { findings } = runRule(guardSignal, {
      events: stream()
        .at(T0, { labels: { "guard.injection": "constructor:5" } })
        .build(),
    });
    expect(findings[0]?.observed).toEqual({ indicators: 5, constructor: 5 });
  });

  it("gives the same findings in one window or per minute", () => {
    const b = stream();
    for (let i = 0; i < 400; i++)
      b.at(T0 + i * 9000, {
        actorId: `u${i % 3}`,
        labels:
          i % 4 === 0
            ? { "guard.injection": "encoded_payload:1" }
            : i % 7 === 0
              ? { "guard.tool_pin": "changed" }
              : {},
      });
    const all = b.build();
    const whole = runRule(guardSignal, { events: all, windowMs: 24 * 3600_000 }).findings;
    expect(whole.length).toBeGreaterThan(100);
    expect(runRule(guardSignal, { events: all, windowMs: 60_000 }).findings).toEqual(whole);
  });
});
