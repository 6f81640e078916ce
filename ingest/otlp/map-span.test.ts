import { describe, expect, it } from "vitest";
import { UNIDENTIFIED_ACTOR_ID } from "../../db/store/types";
import { validateEvent } from "../../lib/core/contract";
import { ProblemError } from "../http/problem";
import { decodeOtlp } from "./decode-otlp";
import { exportRequest, newSpanId, newTraceId, span, T0 } from "./otlp-fixtures";

const SERVER = 2;
const CLIENT = 3;
const INTERNAL = 1;

/** Decodes a hand-written OTLP/JSON request and returns its events, each checked against the contract. */
function decode(req: unknown, maxEvents = 1000) {
  const { items, stats } = decodeOtlp(Buffer.from(JSON.stringify(req)), "otlp-json", maxEvents);
  const events = items.map((i) => {
    if (!i.ok) return { broken: i.error };
    const v = validateEvent(i.value, i.bytes);
    if (!v.ok) return { invalid: v.errors, value: i.value };
    return { ...v.event, truncated: v.truncated };
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of mapped events
  return { events: events as Record<string, any>[], stats };
}

describe("MCP semantic conventions", () => {
  it("maps a server-side tools/call span field by field", () => {
    const traceId = newTraceId();
    const spanId = newSpanId();
    const { events, stats } = decode(
      exportRequest(
        [
          span({
            traceId,
            spanId,
            name: "tools/call get_weather",
            kind: SERVER,
            start: T0 + 123,
            durationMs: 42.25,
            attributes: {
              "mcp.method.name": "tools/call",
              "gen_ai.tool.name": "get_weather",
              "gen_ai.operation.name": "execute_tool",
              "mcp.session.id": "sess-1",
              "mcp.protocol.version": "2025-06-18",
              "jsonrpc.request.id": 7,
              "gen_ai.tool.call.id": "call-9",
              "gen_ai.tool.call.arguments": '{"city":"Paris","units":"metric"}',
              "gen_ai.tool.call.result": '{"temp":21}',
              "gen_ai.conversation.id": "conv-3",
              "client.address": "10.0.0.7",
              "network.transport": "tcp",
              "user.id": "u-42",
              "user.name": "Alice",
              "user.email": "alice@example.com",
              "user.roles": ["admin", "dev"],
              "mcp.client.name": "claude-code",
              "mcp.client.version": "1.2.3",
              "gen_ai.agent.name": "planner",
              "gen_ai.request.model": "claude-sonnet",
            },
          }),
        ],
        { "service.name": "weather", "service.version": "2.0.1", "service.instance.id": "pod-a" },
      ),
    );
    expect(stats).toMatchObject({ spans: 1, calls: 1, dropped: 0 });
    expect(events).toEqual([
      {
        id: `otel:${traceId}:${spanId}`,
        time: new Date(T0 + 123).toISOString(),
        server: { name: "weather", version: "2.0.1", instance: "pod-a" },
        method: "tools/call",
        tool: "get_weather",
        actor: {
          id: "u-42",
          name: "Alice",
          email: "alice@example.com",
          roles: ["admin", "dev"],
          ip: "10.0.0.7",
        },
        client: { name: "claude-code", version: "1.2.3" },
        agent: { name: "planner", model: "claude-sonnet" },
        session_id: "sess-1",
        conversation_id: "conv-3",
        trace_id: traceId,
        span_id: spanId,
        request_id: "7",
        arguments: { city: "Paris", units: "metric" },
        result_bytes: 11,
        duration_ms: 42.25,
        outcome: "ok",
        labels: {
          "otel.span.kind": "server",
          "gen_ai.tool.call.id": "call-9",
          "gen_ai.operation.name": "execute_tool",
          "mcp.protocol.version": "2025-06-18",
          "network.transport": "tcp",
        },
        truncated: [],
      },
    ]);
  });

  it("maps prompts and resources, and the enduser.id identity", () => {
    const { events } = decode(
      exportRequest([
        span({
          name: "prompts/get summarize",
          attributes: {
            "mcp.method.name": "prompts/get",
            "gen_ai.prompt.name": "summarize",
            "enduser.id": "bob",
          },
        }),
        span({
          name: "resources/read",
          attributes: {
            "mcp.method.name": "resources/read",
            "mcp.resource.uri": "file:///etc/hosts",
          },
        }),
      ]),
    );
    expect(events[0]).toMatchObject({
      method: "prompts/get",
      prompt_name: "summarize",
      actor: { id: "bob" },
    });
    expect(events[0]?.tool).toBeUndefined();
    expect(events[1]).toMatchObject({
      method: "resources/read",
      resource_uri: "file:///etc/hosts",
      actor: { id: UNIDENTIFIED_ACTOR_ID },
    });
  });

  it("labels the resource's deployment environment", () => {
    const { events } = decode(
      exportRequest([span({ attributes: { "gen_ai.tool.name": "t" } })], {
        "service.name": "files",
        "deployment.environment.name": "production",
      }),
    );
    expect(events[0]?.labels).toEqual({
      "otel.span.kind": "server",
      "deployment.environment.name": "production",
    });
  });

  it("derives the id from trace and span ids, so a re-sent span maps to the same event", () => {
    const s = span({ attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": "x" } });
    const a = decode(exportRequest([s])).events[0];
    const b = decode(exportRequest([s])).events[0];
    expect(a?.id).toBe(`otel:${s.traceId}:${s.spanId}`);
    expect(b).toEqual(a);
  });

  it("records tool errors (isError) and JSON-RPC errors with code and message", () => {
    const { events } = decode(
      exportRequest([
        span({
          attributes: {
            "mcp.method.name": "tools/call",
            "gen_ai.tool.name": "delete_repo",
            "error.type": "tool_error",
          },
          status: { code: 2, message: "repository is archived" },
        }),
        span({
          attributes: {
            "mcp.method.name": "tools/call",
            "gen_ai.tool.name": "read_file",
            "rpc.response.status_code": "-32603",
            "error.type": "-32603",
          },
          status: { code: 2, message: "Internal error" },
        }),
        span({
          attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": "slow" },
          status: { code: 2 },
          events: [
            {
              name: "exception",
              attributes: { "exception.type": "TimeoutError", "exception.message": "took 30 s" },
            },
          ],
        }),
      ]),
    );
    expect(events[0]).toMatchObject({
      outcome: "error",
      error: { type: "tool_error", message: "repository is archived" },
    });
    expect(events[1]).toMatchObject({
      outcome: "error",
      error: { type: "-32603", code: -32603, message: "Internal error" },
    });
    expect(events[2]).toMatchObject({
      outcome: "error",
      error: { type: "TimeoutError", message: "took 30 s" },
    });
  });

  it("counts -32700, -32600, -32601, -32602 and -32002 as invalid on the server side only", () => {
    const codes = [-32700, -32600, -32601, -32602, -32002];
    const server = codes.map((c) =>
      span({
        kind: SERVER,
        attributes: {
          "mcp.method.name": "tools/call",
          "gen_ai.tool.name": "t",
          "rpc.response.status_code": String(c),
          "error.type": String(c),
        },
        status: { code: 2, message: "Invalid params" },
      }),
    );
    const { events } = decode(exportRequest(server));
    for (const e of events) {
      expect(e.outcome).toBe("invalid");
      expect(e.validation).toEqual({ valid: false, errors: ["Invalid params"] });
    }
    const client = decode(
      exportRequest([
        span({
          kind: CLIENT,
          attributes: {
            "mcp.method.name": "tools/call",
            "gen_ai.tool.name": "t",
            "rpc.response.status_code": "-32602",
          },
        }),
      ]),
    ).events[0];
    expect(client?.outcome).toBe("error");
    const timeout = decode(
      exportRequest([
        span({
          attributes: {
            "mcp.method.name": "tools/call",
            "gen_ai.tool.name": "t",
            "rpc.response.status_code": "-32001",
          },
        }),
      ]),
    ).events[0];
    expect(timeout?.outcome).toBe("timeout");
  });
});

describe("client-side spans", () => {
  it("merge into the server span of the same call as client context", () => {
    const traceId = newTraceId();
    const clientId = newSpanId();
    const req = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: "service.name", value: { stringValue: "cursor" } }] },
          scopeSpans: [
            {
              spans: [
                span({
                  traceId,
                  spanId: clientId,
                  kind: CLIENT,
                  attributes: {
                    "mcp.method.name": "tools/call",
                    "gen_ai.tool.name": "search",
                    "gen_ai.conversation.id": "conv-1",
                    "gen_ai.agent.name": "composer",
                    "server.address": "search.internal",
                  },
                }),
              ],
            },
          ],
        },
        exportRequest(
          [
            span({
              traceId,
              parentSpanId: clientId,
              kind: SERVER,
              attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": "search" },
            }),
          ],
          { "service.name": "search-mcp" },
        ).resourceSpans[0],
      ],
    };
    const { events, stats } = decode(req);
    expect(stats).toMatchObject({ spans: 2, calls: 1, context: 1 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      server: { name: "search-mcp" },
      client: { name: "cursor" },
      agent: { name: "composer" },
      conversation_id: "conv-1",
      labels: { "otel.span.kind": "server", "otel.client_span_id": clientId },
    });
  });

  it("become events of their own when the server side is not in the request", () => {
    const { events } = decode(
      exportRequest(
        [
          span({
            kind: CLIENT,
            attributes: {
              "mcp.method.name": "tools/call",
              "gen_ai.tool.name": "search",
              "server.address": "search.internal",
            },
          }),
        ],
        { "service.name": "my-agent", "service.version": "0.9" },
      ),
    );
    expect(events[0]).toMatchObject({
      server: { name: "search.internal" },
      client: { name: "my-agent", version: "0.9" },
      labels: { "otel.span.kind": "client" },
    });
    expect(events[0]?.server.version).toBeUndefined();
  });

  it("a gateway's outgoing span under its server span is context, not a second call", () => {
    const traceId = newTraceId();
    const serverId = newSpanId();
    const { events, stats } = decode(
      exportRequest(
        [
          span({
            traceId,
            spanId: serverId,
            kind: SERVER,
            attributes: { "mcp.method.name": "tools/call", "mcp.tool.name": "query" },
          }),
          span({
            traceId,
            parentSpanId: serverId,
            kind: CLIENT,
            attributes: { "mcp.method.name": "tools/call", "mcp.target": "postgres-mcp" },
          }),
        ],
        { "service.name": "agentgateway" },
      ),
    );
    expect(stats.calls).toBe(1);
    expect(events).toHaveLength(1);
  });
});

describe("guardrails", () => {
  const call = (traceId: string, spanId: string, extra: Record<string, string> = {}) =>
    span({
      traceId,
      spanId,
      attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": "exec", ...extra },
    });
  const guard = (
    traceId: string,
    parentSpanId: string,
    attrs: Record<string, string>,
    name = "gen_ai.run_guardrail.internal",
  ) => span({ traceId, parentSpanId, name, kind: INTERNAL, attributes: attrs });

  it("attach to the call they guard as its decision; an enforced deny makes it denied", () => {
    const t = newTraceId();
    const c = newSpanId();
    const { events, stats } = decode(
      exportRequest([
        call(t, c),
        guard(t, c, {
          "gen_ai.guardrail.verdict.type": "deny",
          "gen_ai.guardrail.verdict.reason": "shell commands are not allowed",
          "gen_ai.guardrail.verdict.code": "E12",
          "gen_ai.guardrail.action.type": "block",
          "gen_ai.security.policy.id": "pol-1",
          "gen_ai.security.policy.rule.id": "no-shell",
          "gen_ai.security.risk.category": "code_execution",
        }),
      ]),
    );
    expect(stats).toMatchObject({ calls: 1, guardrails: 1, dropped: 0 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      outcome: "denied",
      decision: {
        verdict: "deny",
        policy_id: "pol-1",
        rule_id: "no-shell",
        reason: "shell commands are not allowed (code E12)",
      },
      labels: {
        "gen_ai.guardrail.action.type": "block",
        "gen_ai.security.risk.category": "code_execution",
      },
    });
  });

  it("the most severe verdict wins; a deny only logged leaves the outcome alone", () => {
    const t = newTraceId();
    const c = newSpanId();
    const { events } = decode(
      exportRequest([
        call(t, c),
        guard(t, c, { "gen_ai.guardrail.verdict.type": "warn" }),
        guard(t, c, {
          "gen_ai.guardrail.verdict.type": "deny",
          "gen_ai.guardrail.action.type": "log",
        }),
      ]),
    );
    expect(events[0]).toMatchObject({
      outcome: "ok",
      decision: { verdict: "deny" },
      labels: { "gen_ai.guardrail.count": "2", "gen_ai.guardrail.action.type": "log" },
    });
  });

  it("find their call by target id; without one in the request they are events of their own", () => {
    const t = newTraceId();
    const parent = newSpanId();
    const c = newSpanId();
    const lone = newTraceId();
    const loneParent = newSpanId();
    const { events, stats } = decode(
      exportRequest([
        span({
          traceId: t,
          spanId: c,
          parentSpanId: parent,
          attributes: {
            "mcp.method.name": "tools/call",
            "gen_ai.tool.name": "exec",
            "gen_ai.tool.call.id": "call-1",
          },
        }),
        guard(t, parent, {
          "gen_ai.guardrail.verdict.type": "modify",
          "gen_ai.guardrail.target.id": "call-1",
        }),
        guard(lone, loneParent, {
          "gen_ai.guardrail.verdict.type": "deny",
          "gen_ai.guardrail.verdict.reason": "exfiltration",
          "gen_ai.guardrail.target.type": "tool_call",
          "user.id": "carol",
        }),
      ]),
    );
    expect(events[0]?.decision).toEqual({ verdict: "modify" });
    expect(stats).toMatchObject({ guardrails: 1, standaloneGuardrails: 1, calls: 2 });
    expect(events[1]).toMatchObject({
      method: "gen_ai.run_guardrail",
      actor: { id: "carol" },
      trace_id: lone,
      outcome: "denied",
      decision: { verdict: "deny", reason: "exfiltration" },
      labels: {
        "otel.span.kind": "internal",
        "otel.parent_span_id": loneParent,
        "gen_ai.guardrail.target.type": "tool_call",
      },
    });
    expect(events[1]?.tool).toBeUndefined();
  });
});

describe("gateway attribute names", () => {
  it("Docker MCP gateway: mcp.server.name, mcp.tool.name, mcp.client.name, mcp.operation.error", () => {
    const { events } = decode(
      exportRequest(
        [
          span({
            kind: INTERNAL,
            attributes: {
              "mcp.server.name": "github",
              "mcp.tool.name": "create_issue",
              "mcp.client.name": "vscode",
              "mcp.operation.error": "rate limited by GitHub",
            },
          }),
        ],
        { "service.name": "docker-mcp-gateway" },
      ),
    );
    expect(events[0]).toMatchObject({
      server: { name: "github" },
      method: "tools/call",
      tool: "create_issue",
      client: { name: "vscode" },
      outcome: "error",
      error: { message: "rate limited by GitHub" },
    });
    expect(events[0]?.server.version).toBeUndefined();
  });

  it("agentgateway: mcp.target, mcp.error.code, mcp.error.message; ContextForge: tool.name", () => {
    const { events } = decode(
      exportRequest(
        [
          span({
            attributes: {
              "mcp.method.name": "tools/call",
              "mcp.target": "jira",
              "tool.name": "search_issues",
              "mcp.error.code": "-32603",
              "mcp.error.message": "upstream failed",
              "mcp.resource.type": "tool",
            },
          }),
        ],
        { "service.name": "agentgateway" },
      ),
    );
    expect(events[0]).toMatchObject({
      server: { name: "jira" },
      tool: "search_issues",
      outcome: "error",
      error: { code: -32603, message: "upstream failed" },
      labels: { "mcp.resource.type": "tool" },
    });
  });
});

describe("bounds and hostile values", () => {
  it("keeps unmapped attributes as at most 32 labels, records the rest as dropped", () => {
    const attrs: Record<string, string | number> = {
      "mcp.method.name": "tools/call",
      "gen_ai.tool.name": "t",
    };
    for (let i = 0; i < 40; i++) attrs[`custom.attr.${String(i).padStart(2, "0")}`] = i;
    attrs[`k${"x".repeat(80)}`] = "long key";
    const e = decode(exportRequest([span({ attributes: attrs })])).events[0];
    expect(Object.keys(e?.labels)).toHaveLength(32);
    expect(e?.labels["custom.attr.00"]).toBe("0");
    expect(e?.labels["otel.attributes.dropped"]).toBe("11");
  });

  it("cuts huge attribute values (recorded in truncated) and leaves out oversize arguments", () => {
    const huge = "A".repeat(2_000_000);
    const e = decode(
      exportRequest([
        span({
          attributes: {
            "mcp.method.name": "tools/call",
            "gen_ai.tool.name": huge,
            "mcp.error.message": huge,
            "error.type": "tool_error",
            "custom.blob": huge,
            "gen_ai.tool.call.arguments": JSON.stringify({ data: huge }),
          },
        }),
      ]),
    ).events[0];
    expect(e?.tool).toHaveLength(256);
    expect(e?.error.message).toHaveLength(4096);
    expect(e?.labels["custom.blob"]).toHaveLength(256);
    expect(e?.arguments).toBeUndefined();
    expect(e?.labels["tooltrail.arguments_omitted"]).toMatch(
      /is 2000\d+ bytes; the limit is 32768/,
    );
    expect(e?.truncated).toEqual(
      expect.arrayContaining(["tool", "error.message", "labels.custom.blob"]),
    );
  });

  it("keeps non-JSON arguments as a string and structured ones as they are", () => {
    const { events } = decode(
      exportRequest([
        span({
          attributes: {
            "gen_ai.tool.name": "a",
            "gen_ai.tool.call.arguments": "not json {",
          },
        }),
        span({
          attributes: {
            "gen_ai.tool.name": "b",
            "gen_ai.tool.call.arguments": { path: "/tmp", n: 2 },
          },
        }),
      ]),
    );
    expect(events[0]?.arguments).toBe("not json {");
    expect(events[1]?.arguments).toEqual({ path: "/tmp", n: 2 });
  });

  it("drops spans that are not MCP or tool activity, and counts them", () => {
    const { events, stats } = decode(
      exportRequest([
        span({ name: "GET /health", attributes: { "http.request.method": "GET" } }),
        span({ name: "SELECT", kind: CLIENT, attributes: { "db.system": "postgresql" } }),
        span({ name: "tools/call x", attributes: { "gen_ai.tool.name": "x" } }),
      ]),
    );
    expect(events).toHaveLength(1);
    expect(stats).toMatchObject({ spans: 3, calls: 1, dropped: 2 });
  });
});

describe("malformed OTLP", () => {
  it("rejects spans with bad ids or wrong types one by one, with where and why", () => {
    const good = span({ attributes: { "gen_ai.tool.name": "ok" } });
    const req = exportRequest([
      { ...span({ attributes: { "gen_ai.tool.name": "a" } }), traceId: "xyz" },
      { ...span({ attributes: { "gen_ai.tool.name": "a" } }), spanId: "0000000000000000" },
      { ...span({ attributes: { "gen_ai.tool.name": "a" } }), traceId: "abcd" },
      { ...span({ attributes: { "gen_ai.tool.name": "a" } }), startTimeUnixNano: "soon" },
      { ...span({}), attributes: [{ key: "gen_ai.tool.name", value: { intValue: "12x" } }] },
      { ...span({}), kind: "sideways" },
      { ...span({}), attributes: "nope" },
      good,
    ]);
    const { events, stats } = decode(req);
    expect(stats).toMatchObject({ spans: 8, broken: 7, calls: 1 });
    const broken = events.filter((e) => e.broken).map((e) => e.broken as string);
    expect(broken).toHaveLength(7);
    expect(broken[0]).toMatch(
      /^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]: traceId must be hex/,
    );
    expect(broken[1]).toMatch(/spanId must be 8 bytes .* not all zero/);
    expect(broken[2]).toMatch(/traceId must be 16 bytes/);
    expect(broken[3]).toMatch(/startTimeUnixNano must be a non-negative integer/);
    expect(broken[4]).toMatch(/intValue must be an integer/);
    expect(broken[5]).toMatch(/kind must be one of/);
    expect(broken[6]).toMatch(/attributes must be an array/);
    expect(events.at(-1)?.tool).toBe("ok");
  });

  it("rejects through the contract what maps to an invalid event (no start time, too old)", () => {
    const { events } = decode(
      exportRequest([
        { ...span({ attributes: { "gen_ai.tool.name": "a" } }), startTimeUnixNano: "0" },
        span({ start: Date.UTC(1990, 0, 1), attributes: { "gen_ai.tool.name": "a" } }),
      ]),
    );
    expect(events[0]?.broken).toMatch(/spans\[0\]: startTimeUnixNano is missing/);
    expect(events[1]?.invalid?.[0]?.path).toBe("time");
  });

  it("refuses a body that is not an export request as a whole", () => {
    const problemOf = (body: Uint8Array, format: "otlp-json" | "otlp-protobuf" = "otlp-json") => {
      try {
        decodeOtlp(Buffer.from(body), format, 1000);
      } catch (err) {
        if (err instanceof ProblemError) return err.problem;
      }
      throw new Error("expected a problem");
    };
    const json = (s: string) => problemOf(Buffer.from(s));
    expect(json("{nope")).toMatchObject({
      status: 400,
      type: "urn:tooltrail:problem:malformed-json",
    });
    expect(json("[]")).toMatchObject({ status: 400, detail: "the body must be a JSON object" });
    expect(json('{"resourceSpans":{}}').detail).toBe("resourceSpans must be an array");
    expect(json('{"resourceSpans":[{"scopeSpans":[{"spans":7}]}]}').detail).toMatch(
      /scopeSpans\[0\]: spans must be an array/,
    );
    expect(problemOf(new Uint8Array([0x0a, 0xff, 0xff, 0xff]), "otlp-protobuf")).toMatchObject({
      status: 400,
      type: "urn:tooltrail:problem:malformed-protobuf",
    });
  });

  it("accepts an empty export and snake_case field names", () => {
    expect(decode({}).events).toEqual([]);
    const s = span({ attributes: { "gen_ai.tool.name": "a" } });
    const snake = {
      resource_spans: [
        {
          scope_spans: [
            {
              spans: [
                {
                  ...s,
                  trace_id: s.traceId,
                  span_id: s.spanId,
                  traceId: undefined,
                  spanId: undefined,
                },
              ],
            },
          ],
        },
      ],
    };
    expect(decode(snake).events[0]?.id).toBe(`otel:${s.traceId}:${s.spanId}`);
  });

  it("refuses more MCP spans than a request may carry", () => {
    const spans = Array.from({ length: 5 }, () =>
      span({ attributes: { "gen_ai.tool.name": "a" } }),
    );
    expect(() => decode(exportRequest(spans), 4)).toThrow(/at most 4 MCP spans/);
  });
});
