import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { LIMITS } from "../../lib/core/contract";
import { verifyTenant } from "../../lib/services/integrity/verify-tenant";
import { sourceCoverage } from "../../lib/services/sources/source-coverage";
import { type Harness, startHarness } from "../../test/fixtures/ingest-harness";
import { exportRequest, newSpanId, newTraceId, span } from "./otlp-fixtures";
import { ExportTraceServiceRequest, RpcStatus } from "./otlp-proto";

const mcp = (tool: string, extra: Record<string, string> = {}) =>
  span({ attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": tool, ...extra } });

/** OTLP/HTTP over the real ingest server (its own OTLP port) and an in-memory PGlite store. */
describe("OTLP/HTTP traces endpoint", () => {
  let h: Harness;
  let token: string;
  let traces: string;

  beforeAll(async () => {
    h = await startHarness();
    token = await h.tenantWithKey("acme");
    traces = `${h.server.otlp?.url}/v1/traces`;
  });
  afterAll(async () => h?.stop());

  async function post(
    body: unknown,
    opts: { url?: string; token?: string; headers?: Record<string, string> } = {},
  ) {
    const res = await fetch(opts.url ?? traces, {
      method: "POST",
      headers: {
        authorization: `Bearer ${opts.token ?? token}`,
        "content-type": "application/json",
        ...opts.headers,
      },
      body: body instanceof Uint8Array ? Buffer.from(body) : JSON.stringify(body),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = Buffer.from(bytes).toString("utf8");
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of JSON answers
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      // protobuf bodies are decoded by the test that expects them
    }
    return { status: res.status, headers: res.headers, json, bytes };
  }

  const event = async (id: string) => (await h.stored()).forTenant("acme").getEvent(id);

  it("stores MCP spans as events through the whole pipeline (redaction, HMAC, integrity)", async () => {
    const s = mcp("create_issue", {
      "user.id": "alice",
      "gen_ai.tool.call.arguments": JSON.stringify({
        title: "bug",
        token: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
      }),
    });
    const res = await post(exportRequest([s], { "service.name": "github" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.json).toEqual({});
    expect(res.headers.get("x-tooltrail-accepted")).toBe("1");
    const stored = await event(`otel:${s.traceId}:${s.spanId}`);
    expect(stored).toMatchObject({
      server: { name: "github" },
      tool: "create_issue",
      actor: { id: "alice" },
      outcome: "ok",
      tenant_id: "acme",
      arguments: { title: "bug", token: "[REDACTED:secret_field]" },
      redactions: [{ field: "arguments.token", type: "secret_field", count: 1, by: "tooltrail" }],
    });
    expect(stored?.args_hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.integrity?.batch_seq).toBeGreaterThan(0);
    const report = await verifyTenant({
      ctx: { store: await h.stored() },
      input: { tenant: "acme", maxFindings: 10 },
    });
    expect(report.findings).toEqual([]);
  });

  it("is idempotent: a re-sent span is a duplicate, never a second row", async () => {
    const s = mcp("read_file");
    await post(exportRequest([s]));
    const again = await post(exportRequest([s]));
    expect(again.status).toBe(200);
    expect(again.headers.get("x-tooltrail-accepted")).toBe("0");
    expect(again.headers.get("x-tooltrail-duplicates")).toBe("1");
    const all = await (await h.stored())
      .forTenant("acme")
      .listEvents({ limit: 1000, trace: s.traceId as string });
    expect(all.events.filter((e) => e.id === `otel:${s.traceId}:${s.spanId}`)).toHaveLength(1);
  });

  it("answers partial success: rejected spans counted with reasons, kept in quarantine", async () => {
    const good = mcp("ok_tool");
    const old = span({ start: Date.UTC(1999, 0, 1), attributes: { "gen_ai.tool.name": "old" } });
    const badId = { ...mcp("bad"), spanId: "00" };
    const res = await post(
      exportRequest([good, old, badId, span({ name: "GET /", attributes: { "http.route": "/" } })]),
    );
    expect(res.status).toBe(200);
    expect(res.json.partialSuccess.rejectedSpans).toBe("2");
    const msg: string = res.json.partialSuccess.errorMessage;
    expect(msg).toContain("2 span(s) rejected");
    expect(msg).toContain("spans[2]: spanId must be 8 bytes");
    expect(msg).toContain(`otel:${old.traceId}:${old.spanId}: time is outside the accepted window`);
    expect(msg).toContain("1 span(s) are not MCP or tool activity and were not stored");
    expect(res.headers.get("x-tooltrail-dropped-spans")).toBe("1");
    expect(await event(`otel:${good.traceId}:${good.spanId}`)).not.toBeNull();
    const q = await (await h.stored()).forTenant("acme").listQuarantine({ limit: 100 });
    const requestId = res.headers.get("x-request-id");
    expect(q.filter((r) => r.requestId === requestId)).toHaveLength(2);
  });

  it("accepts gzip, and serves /v1/traces on INGEST_PORT and /api/otlp/v1/traces too", async () => {
    const a = mcp("gz");
    const gz = await post(new Uint8Array(gzipSync(JSON.stringify(exportRequest([a])))), {
      headers: { "content-encoding": "gzip" },
    });
    expect(gz.status).toBe(200);
    const b = mcp("main-port");
    expect((await post(exportRequest([b]), { url: `${h.url}/v1/traces` })).status).toBe(200);
    const c = mcp("embedded-path");
    expect((await post(exportRequest([c]), { url: `${h.url}/api/otlp/v1/traces` })).status).toBe(
      200,
    );
    for (const s of [a, b, c]) expect(await event(`otel:${s.traceId}:${s.spanId}`)).not.toBeNull();
  });

  it("answers errors with a google.rpc.Status in the request's encoding", async () => {
    const unauth = await post(exportRequest([mcp("x")]), { token: "tt_nope" });
    expect(unauth.status).toBe(401);
    expect(unauth.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(unauth.json).toEqual({
      code: 16,
      message: "Unauthorized: the bearer token is not a Tooltrail ingest key",
    });
    const proto = await post(new Uint8Array([0x0a, 0xff, 0xff]), {
      headers: { "content-type": "application/x-protobuf" },
    });
    expect(proto.status).toBe(400);
    expect(proto.headers.get("content-type")).toBe("application/x-protobuf");
    const status = RpcStatus.toObject(RpcStatus.decode(proto.bytes));
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/could not decode ExportTraceServiceRequest/);
    const notJson = await post(new Uint8Array(Buffer.from("{oops")));
    expect(notJson.status).toBe(400);
    expect(notJson.json.code).toBe(3);
    const media = await post(new Uint8Array(Buffer.from("x")), {
      headers: { "content-type": "text/plain" },
    });
    expect(media.status).toBe(415);
    expect(media.json.message).toMatch(/application\/x-protobuf or application\/json/);
  });

  /** The JSON fixture as protobuf: ids as bytes, times as numbers. */
  function protobufOf(req: ReturnType<typeof exportRequest>): Uint8Array {
    const msg = structuredClone(req) as {
      resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
    };
    for (const s of msg.resourceSpans[0]?.scopeSpans[0]?.spans ?? []) {
      for (const k of ["traceId", "spanId", "parentSpanId"])
        if (typeof s[k] === "string") s[k] = Buffer.from(s[k] as string, "hex");
      for (const k of ["startTimeUnixNano", "endTimeUnixNano"]) s[k] = Number(s[k]);
    }
    return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(msg)).finish();
  }
  const PROTOBUF = { "content-type": "application/x-protobuf" };

  it("stores spans carrying values JSON has no number for (NaN, Infinity, 1e400)", async () => {
    const doubles = span({
      attributes: { "gen_ai.tool.name": "measure", "user.id": "alice" },
    }) as { attributes: { key: string; value: unknown }[]; traceId: string; spanId: string };
    doubles.attributes.push(
      {
        key: "gen_ai.tool.call.arguments",
        value: {
          kvlistValue: {
            values: [
              { key: "n", value: { doubleValue: Number.NaN } },
              { key: "big", value: { doubleValue: Number.POSITIVE_INFINITY } },
            ],
          },
        },
      },
      { key: "x.ratio", value: { doubleValue: Number.NEGATIVE_INFINITY } },
    );
    const res = await post(protobufOf(exportRequest([doubles])), { headers: PROTOBUF });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-tooltrail-accepted")).toBe("1");
    // As OTLP/JSON writes such doubles: the strings "NaN", "Infinity", "-Infinity".
    expect(await event(`otel:${doubles.traceId}:${doubles.spanId}`)).toMatchObject({
      arguments: { n: "NaN", big: "Infinity" },
      labels: { "x.ratio": "-Infinity" },
    });

    const text = mcp("parse", { "gen_ai.tool.call.arguments": '{"n":1e400}' });
    const number = mcp("overflow", { "gen_ai.tool.call.arguments": "PLACEHOLDER" });
    const deepText = `${"[".repeat(40)}${"]".repeat(40)}`;
    const nested = mcp("nested", { "gen_ai.tool.call.arguments": deepText });
    const hostile = mcp("hostile", {
      "gen_ai.tool.call.arguments": `${"[".repeat(100_000)}${"]".repeat(100_000)}`,
    });
    const body = JSON.stringify(exportRequest([text, number, nested, hostile])).replace(
      '{"stringValue":"PLACEHOLDER"}',
      '{"kvlistValue":{"values":[{"key":"n","value":{"doubleValue":-1e400}}]}}',
    );
    const json = await post(new Uint8Array(Buffer.from(body)));
    expect(json.status).toBe(200);
    expect(json.headers.get("x-tooltrail-accepted")).toBe("4");
    // Argument text that parses to what the contract cannot hold is kept as the text it was.
    expect((await event(`otel:${text.traceId}:${text.spanId}`))?.arguments).toBe('{"n":1e400}');
    expect((await event(`otel:${nested.traceId}:${nested.spanId}`))?.arguments).toBe(deepText);
    // ... and left out, said so, past the size limit.
    expect(await event(`otel:${hostile.traceId}:${hostile.spanId}`)).toMatchObject({
      labels: { "tooltrail.arguments_omitted": expect.stringContaining("bytes") },
    });
    expect((await event(`otel:${number.traceId}:${number.spanId}`))?.arguments).toEqual({
      n: "-Infinity",
    });
  });

  it("answers 400 to a body nested deeper than the documented maximum, JSON or protobuf", async () => {
    const proto = await post(deepProtobuf(100_000), { headers: PROTOBUF });
    expect(proto.status).toBe(400);
    expect(RpcStatus.toObject(RpcStatus.decode(proto.bytes)).message).toContain(
      `${LIMITS.bodyDepth} levels`,
    );
    const deep = `{"resourceSpans":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const json = await post(new Uint8Array(Buffer.from(deep)));
    expect(json.status).toBe(400);
    expect(json.json).toEqual({
      code: 3,
      message: expect.stringContaining(`${LIMITS.bodyDepth} levels`),
    });
  });

  it("refuses spans for a server outside the key's scope (403, nothing stored)", async () => {
    const scoped = await h.tenantWithKey("acme", { servers: ["files"] });
    const s = mcp("x");
    const res = await post(exportRequest([s], { "service.name": "github" }), { token: scoped });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe(7);
    expect(await event(`otel:${s.traceId}:${s.spanId}`)).toBeNull();
  });

  it("answers 429 with Retry-After past the key's rate", async () => {
    const slow = await h.tenantWithKey("acme", { ratePerSecond: 1, burst: 1 });
    expect((await post(exportRequest([mcp("a")]), { token: slow })).status).toBe(200);
    const limited = await post(exportRequest([mcp("b")]), { token: slow });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(limited.json.code).toBe(8);
  });
});

describe("per-source span counts", () => {
  it("survive a restart and show in source coverage next to the fields each source fills", async () => {
    const store = await openPgliteStore(undefined);
    const h1 = await startHarness({ store, keepStore: true });
    const token = await h1.tenantWithKey("globex");
    const url = `${h1.server.otlp?.url}/v1/traces`;
    const send = (body: unknown) =>
      fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const t = newTraceId();
    const call = newSpanId();
    await send(
      exportRequest([
        span({
          traceId: t,
          spanId: call,
          attributes: {
            "mcp.method.name": "tools/call",
            "gen_ai.tool.name": "a",
            "user.id": "alice",
            "mcp.session.id": "s1",
          },
        }),
        span({
          traceId: t,
          parentSpanId: call,
          name: "gen_ai.run_guardrail.internal",
          attributes: { "gen_ai.guardrail.verdict.type": "allow" },
        }),
        span({ attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": "b" } }),
        span({ name: "GET /", attributes: { "http.route": "/" } }),
        span({ name: "SELECT", attributes: { "db.system": "postgresql" } }),
      ]),
    );
    await send(exportRequest([{ ...span({}), traceId: "zz" }]));
    await h1.stop(); // flushes the counts; the store stays
    const h2 = await startHarness({ store });
    try {
      const out = await sourceCoverage({ ctx: { store }, input: { tenant: "globex" } });
      expect(out.sources).toHaveLength(1);
      const src = out.sources[0];
      expect(src).toMatchObject({
        events: 2,
        otlp: { spans: 6, events: 2, dropped_spans: 2, rejected_spans: 1 },
        fields: {
          actor_identity: { filled: 1, share: 0.5 },
          session: { filled: 1, share: 0.5 },
          trace: { filled: 2, share: 1 },
          duration: { filled: 2, share: 1 },
          decision: { filled: 1, share: 0.5 },
          agent: { filled: 0, share: 0 },
        },
      });
      expect(src?.gaps.map((g) => g.text)).toEqual(
        expect.arrayContaining(["no actor identity on 50% of calls", "no agent on 100% of calls"]),
      );
      expect(src?.gaps.map((g) => g.field)).not.toContain("trace");
    } finally {
      await h2.stop();
    }
  });
});

describe("load shedding", () => {
  it("answers 503 with Retry-After and an UNAVAILABLE Status when too much is in flight", async () => {
    const h = await startHarness({ env: { MAX_INFLIGHT_BODY_BYTES: "1024" } });
    try {
      const token = await h.tenantWithKey("acme");
      const res = await fetch(`${h.server.otlp?.url}/v1/traces`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(exportRequest([mcp("x")])),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(await res.json()).toMatchObject({
        code: 14,
        message: expect.stringMatching(/^Overloaded/),
      });
    } finally {
      await h.stop();
    }
  });
});

describe("OTLP_PORT", () => {
  it("off: no separate listener, /v1/traces still served on INGEST_PORT", async () => {
    const h = await startHarness({ env: { OTLP_PORT: "off" } });
    try {
      expect(h.server.otlp).toBeNull();
      const token = await h.tenantWithKey("acme");
      const s = mcp("x");
      const res = await fetch(`${h.url}/v1/traces`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify(exportRequest([s])),
      });
      expect(res.status).toBe(200);
    } finally {
      await h.stop();
    }
  });

  it("a port in use stops the server with a message that says what to set", async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startHarness({ env: { OTLP_PORT: String(port) } })).rejects.toThrow(
        `cannot listen for OTLP on port ${port}`,
      );
    } finally {
      blocker.close();
    }
  });
});

/** Protobuf length-delimited field: tag, length, bytes. */
function field(id: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([varint((id << 3) | 2), varint(bytes.length), bytes]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  for (; n > 0x7f; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
  return Buffer.from(out);
}

/**
 * An export request whose one span has an attribute value nested `levels` deep (AnyValue in
 * ArrayValue in AnyValue ...), written front to back: sizes first, so it costs linear time.
 */
function deepProtobuf(levels: number): Uint8Array {
  const anyValue: number[] = [0]; // bytes of the AnyValue at each level, innermost empty
  const arrayValue: number[] = [0];
  for (let i = 1; i <= levels; i++) {
    const inner = anyValue[i - 1] as number;
    arrayValue[i] = 1 + varint(inner).length + inner;
    const a = arrayValue[i] as number;
    anyValue[i] = 1 + varint(a).length + a;
  }
  const chunks: Buffer[] = [];
  for (let i = levels; i >= 1; i--) {
    chunks.push(varint((5 << 3) | 2), varint(arrayValue[i] as number));
    chunks.push(varint((1 << 3) | 2), varint(anyValue[i - 1] as number));
  }
  const value = Buffer.concat(chunks);
  const kv = Buffer.concat([field(1, Buffer.from("gen_ai.tool.call.arguments")), field(2, value)]);
  const s = span({ attributes: { "gen_ai.tool.name": "deep" } });
  const spanBytes = Buffer.concat([
    field(1, Buffer.from(s.traceId as string, "hex")),
    field(2, Buffer.from(s.spanId as string, "hex")),
    field(9, kv),
  ]);
  return field(1, field(2, field(2, spanBytes)));
}
