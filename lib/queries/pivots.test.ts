import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../core/contract";
import { parseView } from "./filters";
import { eventPivots, pivotRange } from "./pivots";
import { parseQuery } from "./query-language";

const NOW = new Date("2026-05-20T12:00:00Z");

function event(over: Partial<StoredEvent> = {}, actor: Partial<StoredEvent["actor"]> = {}) {
  return {
    id: "e1",
    time: "2026-05-19T10:00:00.000Z",
    received_at: "2026-05-19T10:00:00.000Z",
    tenant_id: "acme",
    ingest_key_id: "k1",
    server: { name: "files" },
    method: "tools/call",
    outcome: "ok",
    ...over,
    actor: { id: "alice", ...actor },
  } as StoredEvent;
}

const params = (href: string) => Object.fromEntries(new URLSearchParams(href.split("?")[1]));

describe("event pivots", () => {
  it("offers only the values the event has, each as a term that reads back to the value", () => {
    const hostile = 'x" OR tool:* -(a) \\ </script>';
    const e = event(
      { session_id: hostile, trace_id: "t-1", args_hmac: "abc123", arguments: { path: "/etc" } },
      { ip: "10.0.0.1" },
    );
    const pivots = eventPivots(e, { payload: false, known: null, now: NOW });
    expect(pivots.map((p) => p.id)).toEqual(["actor", "session", "trace", "ip", "args_hmac"]);
    const session = pivots.find((p) => p.id === "session");
    expect(session?.term).toBe('session:"x\\" OR tool:* -(a) \\\\ </script>"');
    const q = params(session?.href ?? "").q ?? "";
    expect(parseQuery(q, { allowPayload: false })).toEqual({
      kind: "match",
      field: "session",
      op: "eq",
      value: hostile,
    });
    expect(pivots.find((p) => p.id === "ip")?.term).toBe("actor.ip:10.0.0.1");
    expect(pivots.find((p) => p.id === "args_hmac")?.term).toBe("args_hmac:abc123");
  });

  it("offers argument values only to readers of payloads", () => {
    const e = event({ arguments: { path: "/etc/passwd", count: 3, nested: { a: 1 }, "a.b": "x" } });
    expect(eventPivots(e, { payload: false, known: null, now: NOW }).some((p) => p.payload)).toBe(
      false,
    );
    const withPayload = eventPivots(e, { payload: true, known: null, now: NOW });
    expect(withPayload.filter((p) => p.payload).map((p) => p.term)).toEqual([
      "args.path:/etc/passwd",
      "args.count:3",
    ]);
  });

  it("keeps the explorer's range when it includes the event, else one that does", () => {
    const e = event();
    const known = parseView({ range: "7d" }, NOW);
    expect(params(eventPivots(e, { payload: false, known, now: NOW })[0]?.href ?? "")).toEqual({
      range: "7d",
      q: "actor:alice",
    });
    const custom = parseView({ from: "2026-05-19", to: "2026-05-19T12:00" }, NOW);
    expect(pivotRange(new Date(e.time), custom, NOW)).toEqual({
      range: "custom",
      from: "2026-05-19T00:00:00.000Z",
      to: "2026-05-19T12:00:00.000Z",
    });
    // The explorer showed the last hour: the event is older, so the pivot searches 30 days.
    expect(pivotRange(new Date(e.time), parseView({ range: "1h" }, NOW), NOW)).toEqual({
      range: "30d",
    });
    const old = new Date("2025-01-01T00:00:00Z");
    const r = pivotRange(old, null, NOW);
    expect(r.range).toBe("custom");
    const view = parseView(r, NOW);
    expect(view.from < old && old < view.to).toBe(true);
  });

  it("shows Tooltrail's own events too when pivoting from one", () => {
    const own = event({ server: { name: "tooltrail-dashboard" }, ingest_key_id: "internal" });
    expect(
      params(eventPivots(own, { payload: false, known: null, now: NOW })[0]?.href ?? ""),
    ).toEqual({ range: "30d", q: "actor:alice", activity: "all" });
  });

  it("links no pivot whose search would be longer than the explorer accepts", () => {
    const e = event({ session_id: '"'.repeat(150) });
    const session = eventPivots(e, { payload: false, known: null, now: NOW }).find(
      (p) => p.id === "session",
    );
    expect(session?.href).toBeNull();
  });

  it("builds links the explorer accepts for any value", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 60 }), (s) => {
        const e = event({ trace_id: s });
        const trace = eventPivots(e, { payload: false, known: null, now: NOW }).find(
          (p) => p.id === "trace",
        );
        if (!trace?.href) return;
        const p = params(trace.href);
        const view = parseView(p, NOW);
        expect(parseQuery(view.text, { allowPayload: false })).toMatchObject({
          field: "trace",
          value: trace.value,
        });
      }),
      { numRuns: 500 },
    );
  });
});
