import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredEvent } from "../../lib/core/contract";
import { storedRow } from "../../test/fixtures/event-rows";
import type { EventRow, Store } from "./types";

/**
 * The reads the dashboard relies on, asserted the same way on every backend: filters, keyset
 * pagination, time buckets, top-N, and tenant isolation. Rows are inserted with the raw path so
 * the cases control every column.
 */
export function storeReadSuite(openStore: () => Promise<Store>) {
  let store: Store;
  const base = Date.UTC(2026, 2, 1, 10, 0, 0);

  function row(tenantId: string, i: number, over: Partial<StoredEvent> = {}): EventRow {
    const doc = {
      id: `e-${String(i).padStart(3, "0")}`,
      time: new Date(base + i * 60_000).toISOString(),
      server: { name: i % 2 === 0 ? "github" : "files" },
      method: "tools/call",
      tool: ["read", "write", "query"][i % 3] as string,
      actor: { id: i % 4 === 0 ? "alice" : "bob" },
      outcome: i % 5 === 0 ? "denied" : "ok",
      ...(i % 3 === 0 ? { client: { name: "Cursor" } } : {}),
      session_id: `s-${Math.floor(i / 10)}`,
      decision: i % 5 === 0 ? { verdict: "deny", policy_id: "p1" } : { verdict: "allow" },
      duration_ms: i,
      tenant_id: tenantId,
      received_at: new Date(base).toISOString(),
      ingest_key_id: "k",
      ...over,
    } as StoredEvent;
    return storedRow(doc, { leafIndex: i });
  }

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    for (const t of ["acme", "globex"]) await store.admin.createTenant({ id: t, name: t });
    // 60 events a minute apart for acme, 5 for globex sharing ids with acme.
    await store.rawInsertEvents(Array.from({ length: 60 }, (_, i) => row("acme", i)));
    await store.rawInsertEvents(
      Array.from({ length: 5 }, (_, i) => row("globex", i, { tool: "secret-tool" })),
    );
  });
  afterAll(async () => store?.close());

  describe("event reads", () => {
    it("pages through a filter with cursors, newest first, without gaps or repeats", async () => {
      const t = store.forTenant("acme");
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await t.listEvents({
          actor: ["bob"],
          limit: 7,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.events.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const expected = Array.from({ length: 60 }, (_, i) => i)
        .filter((i) => i % 4 !== 0)
        .reverse()
        .map((i) => `e-${String(i).padStart(3, "0")}`);
      expect(seen).toEqual(expected);
    });

    it("pages ascending and combines time range, server, tool and outcome filters", async () => {
      const t = store.forTenant("acme");
      const page = await t.listEvents({
        from: new Date(base + 10 * 60_000),
        to: new Date(base + 40 * 60_000),
        server: ["github"],
        outcome: ["denied"],
        order: "asc",
        limit: 100,
      });
      expect(page.events.map((e) => e.id)).toEqual(["e-010", "e-020", "e-030"]);
      expect(page.nextCursor).toBeNull();
      expect(await t.countEvents({ tool: ["read"], client: ["Cursor"] })).toBe(20);
      expect(await t.countEvents({ tool: ["query"], client: ["Cursor"] })).toBe(0);
    });

    it("returns an event by id with its chain placement", async () => {
      const e = await store.forTenant("acme").getEvent("e-007");
      expect(e).toMatchObject({
        id: "e-007",
        tool: "write",
        integrity: { writer_id: "w", batch_seq: 1, leaf_index: 7 },
      });
      expect(await store.forTenant("acme").getEvent("nope")).toBeNull();
    });

    it("counts over time buckets, optionally split by a dimension", async () => {
      const t = store.forTenant("acme");
      const buckets = await t.countOverTime({}, 900);
      expect(buckets.map((b) => [b.start.toISOString(), b.count])).toEqual([
        ["2026-03-01T10:00:00.000Z", 15],
        ["2026-03-01T10:15:00.000Z", 15],
        ["2026-03-01T10:30:00.000Z", 15],
        ["2026-03-01T10:45:00.000Z", 15],
      ]);
      const byOutcome = await t.countOverTime(
        { to: new Date(base + 15 * 60_000) },
        3600,
        "outcome",
      );
      expect(byOutcome.map((b) => [b.key, b.count])).toEqual([
        ["denied", 3],
        ["ok", 12],
      ]);
    });

    it("answers whole-hour ranges and buckets the same way (ClickHouse reads them from rollups)", async () => {
      const t = store.forTenant("acme");
      const hour = { from: new Date(base - 3_600_000), to: new Date(base + 3_600_000) };
      expect(
        (await t.countOverTime(hour, 3600, "outcome")).map((b) => [
          b.start.toISOString(),
          b.key,
          b.count,
        ]),
      ).toEqual([
        ["2026-03-01T10:00:00.000Z", "denied", 12],
        ["2026-03-01T10:00:00.000Z", "ok", 48],
      ]);
      expect((await t.countOverTime({}, 86_400, "client")).map((b) => [b.key, b.count])).toEqual([
        ["Cursor", 20],
        [null, 40],
      ]);
      expect(await t.countEvents({ ...hour, outcome: ["denied"] })).toBe(12);
      expect(await t.countEvents({ ...hour, actor: ["alice"], server: ["github"] })).toBe(15);
      expect(await t.topN({ ...hour, server: ["github"] }, "tool", 3)).toEqual([
        { key: "query", count: 10 },
        { key: "read", count: 10 },
        { key: "write", count: 10 },
      ]);
      expect(await t.topN({ from: new Date(base + 3_600_000) }, "tool", 3)).toEqual([]);
    });

    it("ranks the top values of a dimension", async () => {
      const t = store.forTenant("acme");
      expect(await t.topN({}, "actor", 5)).toEqual([
        { key: "bob", count: 45 },
        { key: "alice", count: 15 },
      ]);
      expect(await t.topN({ outcome: ["denied"] }, "policy", 5)).toEqual([
        { key: "p1", count: 12 },
      ]);
      expect(await t.topN({}, "tool", 2)).toEqual([
        { key: "query", count: 20 },
        { key: "read", count: 20 },
      ]);
    });

    it("rejects a tampered cursor with a clear error", async () => {
      await expect(
        store.forTenant("acme").listEvents({ limit: 5, cursor: "not-a-cursor" }),
      ).rejects.toThrow(/invalid cursor/);
    });
  });

  describe("quarantine", () => {
    it("keeps a replayed request's rejected events once, newest first, and trims to a bound", async () => {
      const q = (i: number) => ({
        tenantId: "acme",
        receivedAt: new Date(base + i).toISOString(),
        ingestKeyId: "k",
        requestId: "req-1",
        eventIndex: i,
        eventId: null,
        errors: [{ path: "outcome", message: "bad \u0000 value" }],
        raw: '{"outcome":"nope\u0000"}',
        rawBytes: 20,
      });
      await store.commit({ batches: [], quarantine: [q(0), q(1), q(2)] });
      await store.commit({ batches: [], quarantine: [q(1), q(2)] });
      const t = store.forTenant("acme");
      expect((await t.listQuarantine({ limit: 10 })).map((r) => r.eventIndex)).toEqual([2, 1, 0]);
      expect(await t.trimQuarantine(2)).toBe(1);
      expect((await t.listQuarantine({ limit: 10 })).map((r) => r.eventIndex)).toEqual([2, 1]);
      expect(await store.forTenant("globex").listQuarantine({ limit: 10 })).toEqual([]);
    });
  });

  describe("tenant isolation", () => {
    it("never returns another tenant's events, counts or ids", async () => {
      const g = store.forTenant("globex");
      expect((await g.listEvents({ limit: 100 })).events.map((e) => e.tenant_id)).toEqual(
        Array(5).fill("globex"),
      );
      expect(await g.countEvents({})).toBe(5);
      expect((await g.getEvent("e-001"))?.tool).toBe("secret-tool");
      expect((await store.forTenant("acme").getEvent("e-001"))?.tool).toBe("write");
      expect(await store.forTenant("acme").topN({ tool: ["secret-tool"] }, "tool", 5)).toEqual([]);
      expect((await store.forTenant("acme").existingEventIds(["e-001", "x"])).size).toBe(1);
      expect((await store.forTenant("nobody").listEvents({ limit: 10 })).events).toEqual([]);
    });

    it("refuses to build a query without a tenant", () => {
      expect(() => store.forTenant("")).toThrow(/tenant is required/);
    });
  });
}
