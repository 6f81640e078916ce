import { afterAll, beforeAll, expect, it } from "vitest";
import { describeClickHouse } from "../../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../../test/fixtures/clickhouse-server";
import { eventRow } from "../../../test/fixtures/event-rows";
import { chsql } from "../../clickhouse/binder";
import { connectClickHouse } from "../../clickhouse/client";
import { openPgliteStore } from "../pglite";
import type { BatchRecord, CommitUnit, EventRow, Store } from "../types";
import { deleteWhere } from "./ch-mutations";
import { openClickHouseStore } from "./open";

const base = Date.UTC(2026, 4, 1, 8);

function unit(seq: number, ids: string[], tenantId = "acme"): CommitUnit {
  const rows: EventRow[] = ids.map((id, i) =>
    eventRow({
      tenantId,
      id,
      time: new Date(base + i * 1000).toISOString(),
      receivedAt: new Date(base).toISOString(),
      redactionCount: 1,
      batchSeq: seq,
      leafIndex: i,
    }),
  );
  const record: BatchRecord = {
    tenantId,
    writerId: "w1",
    seq,
    header: { seq },
    headerHash: `h${seq}`,
    signature: "s",
    keyId: "key",
    leaves: Buffer.alloc(32 * ids.length),
    eventIds: ids,
    createdAt: new Date(base),
  };
  return { batches: [{ record, rows }], quarantine: [] };
}

describeClickHouse("ClickHouse commit replay", () => {
  let server: ClickHouseServer;
  let store: Store;
  const day = { from: new Date(base - 86_400_000), to: new Date(base + 86_400_000) };

  beforeAll(async () => {
    server = await startClickHouse();
    store = await openClickHouseStore(
      { url: server.url, database: "tooltrail", cluster: null },
      await openPgliteStore(undefined),
    );
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await server?.stop();
  });

  it("stores each event row once when a commit of unknown outcome is replayed, so rollups stay exact", async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `r-${i}`);
    await store.commit(unit(1, ids));
    // A replay of the whole unit, and one of a unit that was half stored before a crash.
    await store.commit(unit(1, ids), { replay: true });
    await store.commit(unit(2, ["r-new-1", "r-new-2"]), { replay: true });
    await store.commit(unit(2, ["r-new-1", "r-new-2"]), { replay: true });
    const t = store.forTenant("acme");
    // Whole hours and days are answered from the rollups, a minute range from raw events.
    expect(await t.countEvents(day)).toBe(52);
    expect(await t.topN(day, "actor", 1)).toEqual([{ key: "alice", count: 52 }]);
    expect(await t.countEvents({ from: new Date(base), to: new Date(base + 60_000) })).toBe(52);
    expect(await t.existingEventIds(["r-0", "r-49", "r-new-2", "nope"])).toEqual(
      new Set(["r-0", "r-49", "r-new-2"]),
    );
  });

  it("counts a plain (non-replay) repeat twice in the rollups: the reason replays check first", async () => {
    await store.commit(unit(3, ["dup-1"]));
    await store.commit(unit(3, ["dup-1"]));
    const t = store.forTenant("acme");
    // Raw reads dedupe with FINAL; the rollup sees both inserts.
    expect(await t.countEvents({ from: new Date(base), to: new Date(base + 60_000) })).toBe(53);
    expect(await t.countEvents(day)).toBe(54);
    // The actor-ordered copy got both inserts from its view too; its reads dedupe with FINAL.
    const alice = { ...day, actor: ["alice"] };
    expect(await t.topN(alice, "tool", 1)).toEqual([{ key: "read_file", count: 53 }]);
    const minute = { from: new Date(base), to: new Date(base + 60_000), actor: ["alice"] };
    expect((await t.summarize(minute)).events).toBe(53);
  });

  it("repairs event ids and rollups when a crash cut an insert off between the events and their views", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `cut-${i}`);
    await store.commit(unit(1, ids, "globex"));
    // What a crash after the events' part and before the views' parts leaves behind.
    const ch = await connectClickHouse(server.url);
    for (const table of [
      "event_ids_v2",
      "events_by_actor",
      "rollup_hourly",
      "rollup_hourly_actors",
      "rollup_hourly_clients",
    ])
      await deleteWhere(ch, chsql([`tooltrail.${table}`]), chsql``, chsql`tenant_id = ${"globex"}`);
    await ch.close();
    const t = store.forTenant("globex");
    expect(await t.countEvents(day)).toBe(0);
    expect((await t.existingEventIds(ids)).size).toBe(0);
    // No rollup has actor and tool: this list comes from events_by_actor alone.
    const alice = { ...day, actor: ["alice"] };
    expect(await t.topN(alice, "tool", 1)).toEqual([]);
    await store.commit(unit(1, ids, "globex"), { replay: true });
    expect(await t.countEvents(day)).toBe(30);
    expect(await t.countEvents({ from: new Date(base), to: new Date(base + 60_000) })).toBe(30);
    expect(await t.topN(day, "actor", 1)).toEqual([{ key: "alice", count: 30 }]);
    expect((await t.existingEventIds(ids)).size).toBe(30);
    expect(await t.topN(alice, "tool", 1)).toEqual([{ key: "read_file", count: 30 }]);
    expect(await t.summarize(alice)).toEqual({
      events: 30,
      actors: 1,
      outcomes: { ok: 30 },
      redactions: 30,
      p95DurationMs: (await t.summarize(day)).p95DurationMs,
    });
  });
});
