import { describe, expect, it } from "vitest";
import { detectEvent, stream } from "../testing/events";
import { runRule } from "../testing/run-rule";
import { exfilSequence, MAX_READ_KEYS } from "./exfil-sequence";
import { glob, toolMatches, wordsOf } from "./tool-names";

const T0 = Date.UTC(2026, 2, 2, 10, 0);
const MIN = 60_000;
const read = { server: "postgres", tool: "query", outcome: "ok", classification: "confidential" };
const post = { server: "slack", tool: "post_message", outcome: "ok" };

describe("exfil_sequence", () => {
  it("fires when a sensitive read is followed by an egress tool in the same session", () => {
    const events = stream()
      .at(T0, { ...read, sessionId: "s1" })
      .at(T0 + 4 * MIN, { server: "files", tool: "read_file", outcome: "ok", sessionId: "s1" })
      .at(T0 + 12 * MIN, { ...post, sessionId: "s1" })
      .build();
    const { findings } = runRule(exfilSequence, { events });
    expect(findings).toEqual([
      {
        rule: "exfil_sequence",
        subject: { kind: "actor", key: "alice", label: "alice" },
        groupKey: "exfil_sequence|actor|alice",
        severity: "high",
        start: T0,
        end: T0 + 12 * MIN,
        observed: { minutes_after_read: 12, sensitive_reads: 1 },
        baseline: null,
        sentence:
          "alice called slack/post_message, a tool that sends data out, 12 minutes after reading confidential data (postgres/query) in session s1.",
        evidence: ["e1", "e3"],
      },
    ]);
  });

  it("correlates by trace, and reads with redactions in their result count as sensitive", () => {
    const events = stream()
      .at(T0, {
        tool: "get_customer",
        outcome: "ok",
        traceId: "t9",
        redactions: [{ field: "result.content[0].text", type: "email", count: 3 }],
      })
      .at(T0 + MIN, { tool: "http_request", outcome: "ok", traceId: "t9", actorId: "agent-7" })
      .build();
    const [f] = runRule(exfilSequence, { events }).findings;
    expect(f?.subject.key).toBe("agent-7");
    expect(f?.sentence).toContain("a result with redacted data (files/get_customer) in trace t9");
  });

  it("does not fire: other session, too late, failed read, public data, arguments-only redactions, no egress", () => {
    const events = stream()
      .at(T0, { ...read, sessionId: "s1" })
      .at(T0 + MIN, { ...post, sessionId: "s2" }) // another session
      .at(T0 + 31 * MIN, { ...post, sessionId: "s1" }) // past 30 minutes
      .at(T0 + 40 * MIN, { ...read, outcome: "denied", sessionId: "s3" }) // nothing was read
      .at(T0 + 41 * MIN, { ...post, sessionId: "s3" })
      .at(T0 + 50 * MIN, { ...read, classification: "internal", sessionId: "s4" })
      .at(T0 + 51 * MIN, {
        tool: "get",
        outcome: "ok",
        sessionId: "s4",
        redactions: [{ field: "arguments.q", type: "email", count: 1 }],
      })
      .at(T0 + 52 * MIN, { ...post, sessionId: "s4" })
      .at(T0 + 60 * MIN, { ...read, sessionId: "s5" })
      .at(T0 + 61 * MIN, { server: "github", tool: "get_posts", outcome: "ok", sessionId: "s5" })
      .build();
    expect(runRule(exfilSequence, { events }).findings).toEqual([]);
  });

  it("exactly at the window's edge still fires; the window is a parameter", () => {
    const events = stream()
      .at(T0, { ...read, sessionId: "s1" })
      .at(T0 + 30 * MIN, { ...post, sessionId: "s1" })
      .build();
    expect(runRule(exfilSequence, { events }).findings).toHaveLength(1);
    expect(runRule(exfilSequence, { events, params: { windowMinutes: 29 } }).findings).toEqual([]);
  });

  it("without session and trace, correlates the actor's own calls (or not, when disabled)", () => {
    const events = stream()
      .at(T0, { ...read, sessionId: "s1" })
      .at(T0 + 2 * MIN, { tool: "send_email", outcome: "ok" })
      .at(T0 + 3 * MIN, { tool: "send_email", outcome: "ok", actorId: "bob" })
      .build();
    const on = runRule(exfilSequence, { events }).findings;
    expect(on.map((f) => [f.subject.key, f.evidence])).toEqual([["alice", ["e1", "e2"]]]);
    expect(on[0]?.sentence).toContain("the same actor's calls (no session or trace)");
    const off = runRule(exfilSequence, { events, params: { actorWithoutSession: false } });
    expect(off.findings).toEqual([]);
  });

  it("skips internal events and allow-listed actors", () => {
    const events = stream()
      .at(T0, { ...read, sessionId: "s1", internal: true })
      .at(T0 + MIN, { ...post, sessionId: "s1" })
      .at(T0 + 2 * MIN, { ...read, sessionId: "s2", actorId: "svc-backup" })
      .at(T0 + 3 * MIN, { ...post, sessionId: "s2", actorId: "svc-backup" })
      .build();
    expect(runRule(exfilSequence, { events, allow: ["svc-backup"] }).findings).toEqual([]);
  });

  it("gives the same findings whether the stream comes in one window or per minute", () => {
    const b = stream();
    for (let i = 0; i < 300; i++) {
      const t = T0 + i * 20_000;
      const s = `s${i % 7}`;
      if (i % 5 === 0) b.at(t, { ...read, sessionId: s, actorId: `u${i % 3}` });
      else if (i % 3 === 0) b.at(t, { ...post, sessionId: s, actorId: `u${i % 3}` });
      else b.at(t, { tool: "send", outcome: "ok", actorId: `u${i % 4}` });
    }
    const events = b.build();
    const whole = runRule(exfilSequence, { events, windowMs: 24 * 3600_000 }).findings;
    const split = runRule(exfilSequence, { events, windowMs: MIN }).findings;
    expect(whole.length).toBeGreaterThan(20);
    expect(split).toEqual(whole);
  });

  it("keeps state bounded under a flood of distinct sessions", () => {
    const events = Array.from({ length: MAX_READ_KEYS * 2 }, (_, i) =>
      detectEvent(`r${i}`, T0 + i, { ...read, sessionId: `s${i}`, traceId: `t${i}` }),
    );
    const { state } = runRule(exfilSequence, { events, windowMs: 3600_000 });
    expect(Object.keys(state.reads).length).toBeLessThanOrEqual(MAX_READ_KEYS);
    // The newest reads survive the eviction.
    expect(state.reads[`s:s${MAX_READ_KEYS * 2 - 1}`]).toBeDefined();
  });
});

describe("tool name matching", () => {
  it("matches words, globs and server/tool; hostile names stay cheap", () => {
    expect(wordsOf("httpPostJSON_v2-now")).toEqual(["http", "post", "json", "v2", "now"]);
    expect(toolMatches(["post"], "x", "post_message")).toBe(true);
    expect(toolMatches(["post"], "x", "get_posts")).toBe(false);
    expect(toolMatches(["post"], "postgres", "query")).toBe(false);
    expect(toolMatches(["slack/*"], "Slack", "anything")).toBe(true);
    expect(toolMatches(["*put_object*"], "aws", "S3_PUT_OBJECT")).toBe(true);
    expect(glob("a*b*c*d", "abxcxd")).toBe(true);
    const hostile = "a".repeat(100_000);
    // Exponential backtracking would never return here; the two-pointer match is name × pattern.
    expect(toolMatches(["*a*a*a*a*a*a*b"], "x", hostile)).toBe(false);
    expect(wordsOf(hostile)).toHaveLength(1);
  });
});
