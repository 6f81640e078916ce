import { describe, expect, it } from "vitest";
import { LIMITS, STRING_MAXIMA } from "./limits";
import { cutString, validateEvent } from "./validate";

const base = () => ({
  id: "evt-1",
  time: "2026-03-01T10:00:00.123Z",
  server: { name: "files" },
  tool: "read_file",
  actor: { id: "alice" },
  outcome: "ok",
});

/** Every documented field set, lists with two elements (trimming names the element). */
const fullEvent = (): Record<string, unknown> => ({
  ...base(),
  server: { name: "github", version: "1.2.0", instance: "gh-1" },
  resource_uri: "repo://x",
  prompt_name: "p",
  actor: {
    id: "u1",
    type: "user",
    name: "Alice",
    email: "a@example.com",
    roles: ["dev", "ops"],
    auth: "oauth",
    ip: "10.0.0.1",
    user_agent: "ua",
  },
  client: { name: "Cursor", version: "1.0" },
  agent: { id: "ag", name: "coder", model: "claude" },
  session_id: "s",
  conversation_id: "c",
  trace_id: "t",
  span_id: "sp",
  request_id: "r",
  arguments: { q: [1, { a: null }] },
  outcome: "denied",
  error: { type: "PolicyDenied", code: -32001, message: "no" },
  duration_ms: 12.5,
  result_bytes: 0,
  decision: { verdict: "deny", policy_id: "p1", rule_id: "r1", reason: "outside hours" },
  validation: { valid: false, errors: ["e1", "e2"] },
  rate_limit: { limited: false, key: "u1:tool", limit: 10, window_s: 60 },
  approval: { status: "approved", by: "bob", at: "2026-03-01T10:00:01Z" },
  redactions: [
    { field: "arguments.token", type: "github_token", count: 1, by: "guard" },
    { field: "arguments.key", type: "api_key", count: 2, by: "guard" },
  ],
  data_classification: "confidential",
  labels: { env: "prod" },
});

function check(event: unknown) {
  return validateEvent(event, Buffer.byteLength(JSON.stringify(event)));
}

function errorsOf(event: unknown) {
  const r = check(event);
  if (r.ok) throw new Error("expected a rejection");
  return r.errors;
}

describe("event contract v1", () => {
  it("accepts a minimal event and applies the method default", () => {
    const r = check(base());
    expect(r.ok && r.event.method).toBe("tools/call");
  });

  it("normalises RFC 3339 with offsets and epoch milliseconds to UTC ISO with milliseconds", () => {
    const withOffset = check({ ...base(), time: "2026-03-01T12:00:00.5+02:00" });
    expect(withOffset.ok && withOffset.event.time).toBe("2026-03-01T10:00:00.500Z");
    const epoch = check({ ...base(), time: Date.UTC(2026, 2, 1, 10, 0, 0, 7) });
    expect(epoch.ok && epoch.event.time).toBe("2026-03-01T10:00:00.007Z");
    const micro = check({ ...base(), time: "2026-03-01T10:00:00.123456Z" });
    expect(micro.ok && micro.event.time).toBe("2026-03-01T10:00:00.123Z");
  });

  it.each([
    ["no zone", "2026-03-01T10:00:00"],
    ["impossible date", "2026-02-30T10:00:00Z"],
    ["not a time", "yesterday"],
    ["far future", new Date(Date.now() + 3 * 24 * 3600_000).toISOString()],
    ["before 2000", "1999-12-31T23:59:59Z"],
    ["fractional epoch", 1767225600000.5],
  ])("rejects time: %s", (_name, time) => {
    expect(errorsOf({ ...base(), time })[0]?.path).toBe("time");
  });

  it("names each missing required field", () => {
    const paths = errorsOf({ time: base().time }).map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(["id", "server", "actor", "outcome"]));
  });

  it("requires tool for tools/call but not for other methods", () => {
    const { tool: _tool, ...noTool } = base();
    expect(errorsOf(noTool)).toEqual([
      { path: "tool", message: "is required when method is tools/call" },
    ]);
    expect(check({ ...noTool, method: "resources/read", resource_uri: "file:///x" }).ok).toBe(true);
  });

  it("rejects unknown fields and server-added fields instead of dropping them", () => {
    expect(errorsOf({ ...base(), colour: "red" })[0]?.message).toContain("colour");
    expect(errorsOf({ ...base(), actor: { id: "a", shoe: 1 } })[0]).toMatchObject({
      path: "actor",
    });
    expect(errorsOf({ ...base(), tenant_id: "other" })[0]).toEqual({
      path: "tenant_id",
      message: "is set by the server and may not be sent",
    });
  });

  it("rejects bad enums with the field's path", () => {
    expect(errorsOf({ ...base(), outcome: "fine" })[0]?.path).toBe("outcome");
    expect(errorsOf({ ...base(), decision: { verdict: "maybe" } })[0]?.path).toBe(
      "decision.verdict",
    );
    expect(
      errorsOf({ ...base(), redactions: [{ field: "a", type: "x", count: 0 }] })[0]?.path,
    ).toBe("redactions[0].count");
  });

  it("enforces the id length and forbids control characters in it", () => {
    expect(check({ ...base(), id: "x".repeat(LIMITS.idChars) }).ok).toBe(true);
    expect(errorsOf({ ...base(), id: "x".repeat(LIMITS.idChars + 1) })[0]?.path).toBe("id");
    expect(errorsOf({ ...base(), id: "a\u0000b" })[0]?.path).toBe("id");
    expect(errorsOf({ ...base(), id: "" })[0]?.path).toBe("id");
  });

  it("enforces the event size limit before parsing", () => {
    const event = { ...base(), labels: { big: "x".repeat(200) } };
    const r = validateEvent(event, LIMITS.eventBytes + 1);
    expect(!r.ok && r.errors[0]?.message).toContain(`limit is ${LIMITS.eventBytes} bytes`);
  });

  it("enforces arguments depth and size", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < LIMITS.argumentsDepth + 1; i++) deep = [deep];
    expect(errorsOf({ ...base(), arguments: deep })[0]?.message).toContain("nests deeper");
    let ok: unknown = "leaf";
    for (let i = 0; i < LIMITS.argumentsDepth; i++) ok = [ok];
    expect(check({ ...base(), arguments: ok }).ok).toBe(true);
    expect(
      errorsOf({ ...base(), arguments: { blob: "x".repeat(LIMITS.argumentsBytes) } })[0]?.path,
    ).toBe("arguments");
  });

  it("enforces label and list counts", () => {
    const labels = Object.fromEntries(
      Array.from({ length: LIMITS.labels + 1 }, (_, i) => [`k${i}`, "v"]),
    );
    expect(errorsOf({ ...base(), labels })[0]?.path).toBe("labels");
    const roles = Array.from({ length: LIMITS.roles + 1 }, (_, i) => `r${i}`);
    expect(errorsOf({ ...base(), actor: { id: "a", roles } })[0]?.path).toBe("actor.roles");
  });

  it("trims long strings to their documented maxima and records each trim", () => {
    const long = "y".repeat(5000);
    const r = check({
      ...base(),
      tool: long,
      actor: { id: "a", roles: ["ok", long] },
      error: { message: long },
      labels: { note: long },
      redactions: [{ field: long, type: "email", count: 1 }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.event.tool).toHaveLength(STRING_MAXIMA.tool as number);
    expect(r.event.error?.message).toHaveLength(STRING_MAXIMA["error.message"] as number);
    expect(r.event.actor.roles?.[1]).toHaveLength(STRING_MAXIMA["actor.roles[]"] as number);
    expect(r.event.labels?.note).toHaveLength(LIMITS.labelValueChars);
    expect(r.truncated.sort()).toEqual(
      ["actor.roles[1]", "error.message", "labels.note", "redactions[0].field", "tool"].sort(),
    );
  });

  it("trims every path of STRING_MAXIMA, each recorded by its exact path, and nothing shorter", () => {
    const withValue = (path: string, value: string) => {
      const event = fullEvent();
      let node: Record<string, unknown> = event;
      const segments = path.split(".");
      segments.forEach((seg, i) => {
        const last = i === segments.length - 1;
        if (seg.endsWith("[]")) {
          const list = node[seg.slice(0, -2)] as unknown[];
          if (last) list[1] = value;
          else node = list[1] as Record<string, unknown>;
        } else if (last) node[seg] = value;
        else node = node[seg] as Record<string, unknown>;
      });
      return event;
    };
    for (const [path, max] of Object.entries(STRING_MAXIMA)) {
      const r = check(withValue(path, "z".repeat(max + 1)));
      if (!r.ok) throw new Error(`${path}: ${JSON.stringify(r.errors)}`);
      const recorded = path.endsWith("[]") ? `${path.slice(0, -2)}[1]` : path.replace("[]", "[1]");
      expect(r.truncated, path).toEqual([recorded]);
      expect(JSON.stringify(r.event), path).toContain(`"${"z".repeat(max)}"`);
      expect(JSON.stringify(r.event), path).not.toContain("z".repeat(max + 1));
      const kept = check(withValue(path, "z".repeat(max)));
      expect(kept.ok && kept.truncated, path).toEqual([]);
    }
  });

  it("never cuts a surrogate pair in half", () => {
    expect(cutString("ab\u{1F600}", 3)).toBe("ab");
    expect(cutString("ab\u{1F600}", 4)).toBe("ab\u{1F600}");
  });

  it("repairs strings no store can hold (lone surrogates, NUL) and records each path", () => {
    const r = check({
      ...base(),
      tool: "t\ud800",
      actor: { id: "a\u0000b", roles: ["ok", "\udc00r"] },
      error: { message: "m\ud800\u0000" },
      labels: { "k\ud800": "v", ok: "\u0000" },
      arguments: { x: "v\udc00", "\ud800k": 1, list: ["fine \u{1F600}", "\u0000"], n: null },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.event.tool).toBe("t\ufffd");
    expect(r.event.actor).toMatchObject({ id: "a\ufffdb", roles: ["ok", "\ufffdr"] });
    expect(r.event.error?.message).toBe("m\ufffd\ufffd");
    expect(r.event.labels).toEqual({ "k\ufffd": "v", ok: "\ufffd" });
    // Member order and well-formed pairs (emoji) are kept.
    expect(JSON.stringify(r.event.arguments)).toBe(
      JSON.stringify({ x: "v\ufffd", "\ufffdk": 1, list: ["fine \u{1F600}", "\ufffd"], n: null }),
    );
    // Member names under arguments and labels are content: only the field is named.
    expect(r.replaced.sort()).toEqual(
      ["tool", "actor.id", "actor.roles[1]", "error.message", "labels", "arguments"].sort(),
    );
    const clean = check(fullEvent());
    expect(clean.ok && clean.replaced).toEqual([]);
  });

  it("leaves the received value untouched when it repairs (quarantine shows what was sent)", () => {
    const raw = { ...base(), arguments: { x: "v\udc00" } };
    const r = check(raw);
    expect(r.ok && r.event.arguments).toEqual({ x: "v\ufffd" });
    expect(raw.arguments.x).toBe("v\udc00");
  });

  it("rejects an id with a lone surrogate: repairing it could merge two events", () => {
    expect(errorsOf({ ...base(), id: "evt-\ud800" })).toEqual([
      { path: "id", message: "must not contain lone UTF-16 surrogates" },
    ]);
  });

  it("rejects member names that repair into the same name", () => {
    expect(errorsOf({ ...base(), arguments: { "k\ud800": 1, "k\udc00": 2 } })[0]).toMatchObject({
      path: "arguments.k\ufffd",
    });
  });

  it("rejects numbers JSON cannot carry (1e400 parses to Infinity) with their path", () => {
    const parsed = JSON.parse(
      '{"id":"e","time":"2026-03-01T10:00:00Z","server":{"name":"s"},"tool":"t","actor":{"id":"a"},"outcome":"ok","arguments":{"n":1e400,"list":[1,-1e400]}}',
    );
    expect(errorsOf(parsed)).toEqual([
      { path: "arguments.n", message: "is not a finite number (JSON numbers must fit a double)" },
      {
        path: "arguments.list[1]",
        message: "is not a finite number (JSON numbers must fit a double)",
      },
    ]);
    expect(errorsOf({ ...base(), duration_ms: Number.NaN })[0]?.path).toBe("duration_ms");
  });

  it("rejects hostile nesting without recursing (100,000 levels)", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(validateEvent({ ...base(), arguments: deep }, 1000)).toMatchObject({
      ok: false,
      errors: [{ path: "arguments", message: `nests deeper than ${LIMITS.argumentsDepth} levels` }],
    });
    expect(validateEvent({ ...base(), labels: deep }, 1000)).toMatchObject({
      ok: false,
      errors: [{ path: "labels" }],
    });
  });

  it("accepts every documented field", () => {
    const full = fullEvent();
    const r = check(full);
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});
