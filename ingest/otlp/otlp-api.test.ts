import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { sourceCoverage } from "../../lib/admin/sources";
import { verifyTenant } from "../../lib/admin/verify";
import { type Harness, startHarness } from "../../test/fixtures/ingest-harness";
import { exportRequest, newSpanId, newTraceId, span } from "./otlp-fixtures";
import { RpcStatus } from "./otlp-proto";

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
