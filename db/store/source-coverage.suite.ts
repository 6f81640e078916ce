import { afterAll, beforeAll, expect, it } from "vitest";
import { exportRequest, span } from "../../ingest/otlp/otlp-fixtures";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";
import { COVERAGE_FIELDS, type CoverageField, type SourceCoverage, type Store } from "./types";

const DAY1 = Date.UTC(2026, 3, 1, 12);
const DAY2 = Date.UTC(2026, 3, 2, 12);

/**
 * Source coverage and span counts over real ingestion into each backend: what every backend
 * must answer the same way (one test file per backend runs it).
 */
export function sourceCoverageSuite(
  openStore: () => Promise<Store>,
  env: Record<string, string> = {},
) {
  let h: Harness;
  let store: Store;
  let nativeKey: string;
  let otlpKey: string;
  let otherTenantKey: string;

  const keyId = (token: string) => token.split("_")[1] as string;

  async function post(path: string, token: string, body: unknown) {
    const res = await fetch(`${h.url}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
  }

  beforeAll(async () => {
    h = await startHarness({ store: await openStore(), env, keepStore: true });
    nativeKey = await h.tenantWithKey("acme");
    otlpKey = await h.tenantWithKey("acme");
    otherTenantKey = await h.tenantWithKey("globex");
    // Native: 4 events on day 1, all with actor identity; 2 with client, 1 with a decision.
    await post("/api/v1/events", nativeKey, [
      makeEvent({ time: new Date(DAY1).toISOString(), client: { name: "ide" }, duration_ms: 3 }),
      makeEvent({
        time: new Date(DAY1 + 1).toISOString(),
        client: { name: "ide" },
        session_id: "s",
      }),
      makeEvent({
        time: new Date(DAY1 + 2).toISOString(),
        decision: { verdict: "allow" },
        arguments: { a: 1 },
        actor: { id: "bob", type: "service" },
      }),
      makeEvent({ time: new Date(DAY1 + 3).toISOString(), data_classification: "internal" }),
    ]);
    // OTLP: 3 calls on day 2, one with identity; plus 2 non-MCP spans and a broken one.
    const call = (attrs: Record<string, string>) =>
      span({
        start: DAY2,
        attributes: { "mcp.method.name": "tools/call", "gen_ai.tool.name": "t", ...attrs },
      });
    await post(
      "/v1/traces",
      otlpKey,
      exportRequest([
        call({ "user.id": "alice", "mcp.session.id": "s1", "gen_ai.agent.id": "a1" }),
        call({ "gen_ai.tool.call.arguments": "{}" }),
        call({}),
        span({ start: DAY2, name: "GET /", attributes: { "http.route": "/" } }),
        span({ start: DAY2, name: "q", attributes: { "db.system": "postgresql" } }),
        { ...call({}), spanId: "bad" },
      ]),
    );
    await h.stored();
    // Another tenant's traffic must never show.
    await post("/api/v1/events", otherTenantKey, [
      makeEvent({ time: new Date(DAY1).toISOString() }),
    ]);
    await post("/v1/traces", otherTenantKey, exportRequest([call({}), span({ name: "x" })]));
    await h.stored();
    await h.stop(); // flushes the span counts
    store = h.store;
  });
  afterAll(async () => store?.close());

  const filled = (c: SourceCoverage | undefined) =>
    Object.fromEntries(COVERAGE_FIELDS.map((f) => [f, c?.filled[f]])) as Record<
      CoverageField,
      number
    >;

  it("counts, per ingest key, the events that fill each field", async () => {
    const rows = await store.forTenant("acme").sourceCoverage({});
    expect(rows.map((r) => r.ingestKeyId).sort()).toEqual(
      [keyId(nativeKey), keyId(otlpKey)].sort(),
    );
    const native = rows.find((r) => r.ingestKeyId === keyId(nativeKey));
    expect(native?.events).toBe(4);
    expect(native?.firstTime?.toISOString()).toBe(new Date(DAY1).toISOString());
    expect(native?.lastTime?.toISOString()).toBe(new Date(DAY1 + 3).toISOString());
    expect(filled(native)).toEqual({
      actor_identity: 4,
      actor_type: 4,
      client: 2,
      agent: 0,
      session: 1,
      conversation: 0,
      trace: 0,
      correlation: 1,
      arguments: 1,
      duration: 1,
      result_size: 0,
      decision: 1,
      classification: 1,
    });
    const otlp = rows.find((r) => r.ingestKeyId === keyId(otlpKey));
    expect(otlp?.events).toBe(3);
    expect(filled(otlp)).toEqual({
      actor_identity: 1,
      actor_type: 0,
      client: 0,
      agent: 1,
      session: 1,
      conversation: 0,
      trace: 3,
      correlation: 3,
      arguments: 1,
      duration: 3,
      result_size: 0,
      decision: 0,
      classification: 0,
    });
  });

  it("limits coverage to the time range and to the tenant", async () => {
    const day1 = await store
      .forTenant("acme")
      .sourceCoverage({ from: new Date(DAY1 - 1000), to: new Date(DAY1 + 2) });
    expect(day1).toHaveLength(1);
    expect(day1[0]?.events).toBe(2);
    expect(await store.forTenant("acme").sourceCoverage({ from: new Date(DAY2 + 1) })).toEqual([]);
    const globex = await store.forTenant("globex").sourceCoverage({});
    expect(globex.map((r) => [r.ingestKeyId, r.events])).toEqual([[keyId(otherTenantKey), 2]]);
  });

  it("keeps OTLP span counts per key: received, stored, dropped as non-MCP, rejected", async () => {
    const now = Date.now();
    const acme = await store.admin.spanTallies("acme", {});
    expect(acme).toEqual([
      { ingestKeyId: keyId(otlpKey), spans: 6, events: 3, dropped: 2, rejected: 1 },
    ]);
    // Counted by the hour they were received in: an hour-aligned range still includes them.
    expect(
      await store.admin.spanTallies("acme", { from: new Date(now - 10 * 60_000) }),
    ).toHaveLength(1);
    expect(await store.admin.spanTallies("acme", { to: new Date(now - 2 * 3_600_000) })).toEqual(
      [],
    );
    expect(await store.admin.spanTallies("globex", {})).toEqual([
      { ingestKeyId: keyId(otherTenantKey), spans: 2, events: 1, dropped: 1, rejected: 0 },
    ]);
  });

  it("adds to the counts of the same key and hour", async () => {
    const hour = new Date(Date.UTC(2026, 0, 1, 5));
    const row = {
      tenantId: "acme",
      ingestKeyId: "k-add",
      hour,
      spans: 2,
      events: 1,
      dropped: 1,
      rejected: 0,
    };
    await store.admin.addSpanTallies([row, { ...row, spans: 3, rejected: 2 }]);
    await store.admin.addSpanTallies([row]);
    const got = await store.admin.spanTallies("acme", {
      from: hour,
      to: new Date(hour.getTime() + 1),
    });
    expect(got).toEqual([{ ingestKeyId: "k-add", spans: 7, events: 3, dropped: 3, rejected: 2 }]);
  });
}
