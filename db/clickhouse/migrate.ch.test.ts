import { afterAll, beforeAll, expect, it } from "vitest";
import { z } from "zod";
import { describeClickHouse } from "../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../test/fixtures/clickhouse-server";
import { hostileRow } from "../../test/fixtures/event-rows";
import type { ClickHouseStore } from "../store/clickhouse/ch-store";
import { openClickHouseStore } from "../store/clickhouse/open";
import { openPgliteStore } from "../store/pglite";
import type { EventRow } from "../store/types";
import { chsql } from "./binder";
import { type ClickHouse, connectClickHouse } from "./client";
import { migrateClickHouse } from "./migrate";
import { MIGRATIONS } from "./migrations";

const rows = (prefix: string, n: number): EventRow[] =>
  Array.from({ length: n }, (_, i) => ({
    ...hostileRow(i),
    tenantId: "acme",
    id: `${prefix}-${i}`,
  }));

describeClickHouse("ClickHouse migrations on a store with data", () => {
  let server: ClickHouseServer;
  let ch: ClickHouse;
  let store: ClickHouseStore;
  const opts = { database: "upgraded", cluster: null };

  beforeAll(async () => {
    server = await startClickHouse();
    ch = await connectClickHouse(server.url);
    store = await openClickHouseStore(
      { url: server.url, ...opts },
      await openPgliteStore(undefined),
    );
  });
  afterAll(async () => {
    await store?.close();
    await ch?.close();
    await server?.stop();
  });

  const tablesNow = async () =>
    (
      await ch.query(
        chsql`SELECT name, create_table_query FROM system.tables WHERE database = ${opts.database} AND name LIKE 'event_ids%'`,
        z.object({ name: z.string(), create_table_query: z.string() }),
      )
    ).sort((a, b) => a.name.localeCompare(b.name));

  it("moves the duplicate check's ids to finer granules without losing one, once", async () => {
    expect(await migrateClickHouse(ch, { ...opts, migrations: MIGRATIONS.slice(0, 6) })).toEqual([
      1, 2, 3, 4, 5, 6,
    ]);
    const before = rows("old", 300);
    await store.rawInsertEvents(before);
    expect((await tablesNow()).map((t) => t.name)).toEqual(["event_ids", "event_ids_mv"]);

    expect(await migrateClickHouse(ch, opts)).toEqual([7]);
    const after = await tablesNow();
    expect(after.map((t) => t.name)).toEqual(["event_ids_v2", "event_ids_v2_mv"]);
    expect(after[0]?.create_table_query).toContain("index_granularity = 1024");

    const t = store.forTenant("acme");
    const ids = before.map((r) => r.id);
    expect((await t.existingEventIds([...ids, "never-stored"])).size).toBe(ids.length);
    const later = rows("new", 50);
    await store.rawInsertEvents(later);
    expect((await t.existingEventIds(later.map((r) => r.id))).size).toBe(50);
    expect(await migrateClickHouse(ch, opts)).toEqual([]);
  });
});
