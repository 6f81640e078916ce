import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { eventRow } from "../../test/fixtures/event-rows";
import { openPgliteStore } from "./pglite";
import type { EventRow } from "./types";

function row(i: number): EventRow {
  return eventRow({
    tenantId: i % 2 === 0 ? "acme" : "globex",
    id: `evt-${i}`,
    time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actorId: `user-${i % 50}`,
    durationMs: i % 100,
    batchSeq: Math.floor(i / 1000) + 1,
    leafIndex: i % 1000,
  });
}

describe("the embedded database's planner statistics", () => {
  const dir = mkdtempSync(join(tmpdir(), "tt-analyze-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("are kept as events arrive, so the duplicate check reads the primary key", async () => {
    const store = await openPgliteStore(dir);
    await store.migrate();
    for (let b = 0; b < 20; b++)
      await store.rawInsertEvents(Array.from({ length: 1000 }, (_, i) => row(b * 1000 + i)));
    await store.close();

    // PGlite has no autovacuum: without the store's own ANALYZE these stay at "never analyzed".
    const pg = await PGlite.create({ dataDir: dir });
    try {
      const { rows } = await pg.query<{ n: number }>(
        "SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'events'::regclass",
      );
      expect(rows[0]?.n).toBeGreaterThanOrEqual(15_000);
      const plan = await pg.query<{ "QUERY PLAN": string }>(
        "EXPLAIN SELECT id FROM events WHERE tenant_id = 'acme' AND id IN ('evt-1', 'evt-2', 'x')",
      );
      expect(plan.rows[0]?.["QUERY PLAN"]).toMatch(/^Index Only Scan using events_tenant_id_id_pk/);
    } finally {
      await pg.close();
    }
  });
});
