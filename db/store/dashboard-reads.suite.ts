import { afterAll, beforeAll, expect, it } from "vitest";
import type { StoredEvent } from "../../lib/contract";
import type { EventRow, Store } from "./types";

const base = Date.UTC(2026, 2, 1, 10, 0, 0);

function row(tenantId: string, i: number, over: Partial<StoredEvent> = {}): EventRow {
  const outcome = (["ok", "ok", "error", "denied", "rate_limited"] as const)[i % 5] ?? "ok";
  const doc = {
    id: `d-${String(i).padStart(3, "0")}`,
    time: new Date(base + i * 60_000).toISOString(),
    server: { name: "github" },
    method: "tools/call",
    tool: i % 2 === 0 ? "create_issue" : "read_file",
    actor: { id: `user-${i % 3}` },
    outcome,
    arguments: { path: i === 7 ? "/etc/Needle-In-Args" : "/tmp/x" },
    ...(i === 9 ? { error: { message: "quota NEEDLEMSG exceeded" } } : {}),
    tenant_id: tenantId,
    received_at: new Date(base).toISOString(),
    ingest_key_id: "k",
    ...over,
  } as StoredEvent;
  return {
    tenantId,
    id: doc.id,
    time: doc.time,
    receivedAt: doc.received_at,
    serverName: doc.server.name,
    method: doc.method,
    tool: doc.tool ?? null,
    actorId: doc.actor.id,
    actorType: null,
    clientName: null,
    agentId: null,
    sessionId: null,
    conversationId: null,
    traceId: null,
    outcome: doc.outcome,
    verdict: null,
    policyId: null,
    dataClassification: null,
    errorType: null,
    durationMs: i < 20 ? (i + 1) * 10 : null,
    resultBytes: null,
    redactionCount: i % 4 === 0 ? 2 : 0,
    argsHmac: null,
    ingestKeyId: "k",
    writerId: "w",
    batchSeq: 1,
    leafIndex: i,
    doc: JSON.stringify(doc),
  };
}

/** The dashboard's own reads (KPIs, free-text search, members), the same on every backend. */
export function dashboardReadSuite(openStore: () => Promise<Store>) {
  let store: Store;

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    for (const t of ["acme", "globex"]) await store.admin.createTenant({ id: t, name: t });
    await store.rawInsertEvents(Array.from({ length: 25 }, (_, i) => row("acme", i)));
    await store.rawInsertEvents([row("globex", 0, { tool: "needle-in-args" })]);
  });
  afterAll(async () => store?.close());

  it("summarizes calls, actors, outcomes, redactions and p95 duration in one read", async () => {
    const s = await store.forTenant("acme").summarize({});
    expect(s.events).toBe(25);
    expect(s.actors).toBe(3);
    expect(s.outcomes).toEqual({ ok: 10, error: 5, denied: 5, rate_limited: 5 });
    expect(s.redactions).toBe(7 * 2);
    // 20 durations 10..200: the 95th percentile sits near 190 (interpolation varies by engine).
    expect(s.p95DurationMs).toBeGreaterThanOrEqual(180);
    expect(s.p95DurationMs).toBeLessThanOrEqual(200);
    const none = await store.forTenant("acme").summarize({ tool: ["nothing"] });
    expect(none).toEqual({
      events: 0,
      actors: 0,
      outcomes: {},
      redactions: 0,
      p95DurationMs: null,
    });
  });

  it("searches tool, actor, error message and argument values case-insensitively", async () => {
    const t = store.forTenant("acme");
    const ids = async (text: string) =>
      (await t.listEvents({ text, limit: 100 })).events.map((e) => e.id).sort();
    expect(await ids("needle-in-args")).toEqual(["d-007"]);
    expect(await ids("needlemsg")).toEqual(["d-009"]);
    expect((await ids("CREATE_issue")).length).toBe(13);
    expect(await ids("user-2")).toHaveLength(8);
    // LIKE wildcards are data, not patterns.
    expect(await ids("%")).toEqual([]);
    expect(await t.countEvents({ text: "_" })).toBe(25);
  });

  it("never finds another tenant's events by text", async () => {
    const g = await store.forTenant("globex").listEvents({ text: "needlemsg", limit: 10 });
    expect(g.events).toEqual([]);
  });

  it("keeps users, memberships and credentials", async () => {
    const u = await store.admin.createUser({ email: "Ann@Example.com", passwordHash: "h1" });
    await store.admin.addMembership({ userId: u.id, tenantId: "acme", role: "owner" });
    const until = new Date(Date.UTC(2030, 0, 1));
    await store.admin.addMembership({
      userId: u.id,
      tenantId: "globex",
      role: "auditor",
      expiresAt: until,
    });
    const creds = await store.admin.findUserCredentials("ann@example.com");
    expect(creds).toMatchObject({ id: u.id, passwordHash: "h1", hasPassword: true });
    await store.admin.setUserPassword(u.id, "h2");
    expect((await store.admin.findUserCredentials("ANN@example.com"))?.passwordHash).toBe("h2");
    expect(await store.admin.getUser(u.id)).toMatchObject({ email: "ann@example.com" });
    expect(await store.admin.getUser("not-a-uuid")).toBeNull();
    const ms = await store.admin.membershipsOf(u.id);
    expect(ms.map((m) => [m.tenantId, m.role, m.expiresAt?.getTime() ?? null])).toEqual([
      ["acme", "owner", null],
      ["globex", "auditor", until.getTime()],
    ]);
    expect((await store.admin.listMembers("acme")).map((m) => m.email)).toEqual([
      "ann@example.com",
    ]);
    expect(await store.admin.removeMembership("globex", u.id)).toBe(true);
    expect(await store.admin.removeMembership("globex", u.id)).toBe(false);
    expect(await store.admin.listMembers("globex")).toEqual([]);
  });
}
