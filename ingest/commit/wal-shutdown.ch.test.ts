import { afterAll, beforeAll, expect, it } from "vitest";
import { openClickHouseStore } from "../../db/store/clickhouse/open";
import { openPgliteStore } from "../../db/store/pglite";
import { describeClickHouse } from "../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../test/fixtures/clickhouse-server";
import { makeEvent, startHarness } from "../../test/fixtures/ingest-harness";

/**
 * A clean stop flushes: whatever was acknowledged is in ClickHouse when the server has stopped,
 * even when the stop lands while the writer is in the middle of a round.
 */
describeClickHouse("ClickHouse writer at shutdown", () => {
  let ch: ClickHouseServer;
  beforeAll(async () => {
    ch = await startClickHouse();
  });
  afterAll(async () => ch?.stop());

  it("stores every acknowledged event before a clean stop returns", async () => {
    for (let round = 0; round < 3; round++) {
      const database = `shutdown_${round}`;
      const open = async () =>
        openClickHouseStore(
          { url: ch.url, database, cluster: null },
          await openPgliteStore(undefined),
        );
      // A writer that is nearly always mid-round, so the stop races it.
      const h = await startHarness({ store: await open(), env: { CLICKHOUSE_FLUSH_MS: "10" } });
      const token = await h.tenantWithKey("acme");
      const acked: string[] = [];
      for (let i = 0; i < 4; i++) {
        const events = [makeEvent(), makeEvent()];
        expect((await h.post(token, JSON.stringify(events))).status).toBe(202);
        acked.push(...events.map((e) => e.id as string));
      }
      await h.stop();
      const after = await open();
      expect((await after.forTenant("acme").existingEventIds(acked)).size).toBe(acked.length);
      await after.close();
    }
  }, 120_000);
});
