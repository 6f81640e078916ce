import { afterAll, beforeAll, expect, it } from "vitest";
import { openClickHouseStore } from "../../db/store/clickhouse/open";
import { openPgliteStore } from "../../db/store/pglite";
import { verifyTenant } from "../../lib/services/integrity/verify-tenant";
import { describeClickHouse } from "../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../test/fixtures/clickhouse-server";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";

/**
 * ClickHouse stopped and restarted under load: every acknowledged event ends up stored exactly
 * once, and the chain still verifies.
 */
describeClickHouse("ClickHouse outage during ingestion", () => {
  let ch: ClickHouseServer;
  let h: Harness;
  let token: string;

  beforeAll(async () => {
    ch = await startClickHouse();
    const store = await openClickHouseStore(
      { url: ch.url, database: "tooltrail", cluster: null },
      await openPgliteStore(undefined),
    );
    h = await startHarness({ store, env: { CLICKHOUSE_FLUSH_MS: "100" } });
    token = await h.tenantWithKey("acme");
  });
  afterAll(async () => {
    await h?.stop();
    await ch?.stop();
  });

  it("keeps acknowledging from the spool and stores every event once after the restart", async () => {
    const acked = new Set<string>();
    let sending = true;
    let resent = 0;
    const clients = Array.from({ length: 4 }, async (_, c) => {
      let last: Record<string, unknown>[] = [];
      while (sending) {
        // Every fifth request re-sends the previous one, as a client retrying after a timeout would.
        const batch =
          resent++ % 5 === 4 && last.length > 0
            ? last
            : Array.from({ length: 20 }, () => makeEvent({ labels: { client: String(c) } }));
        last = batch;
        const res = await h.post(token, JSON.stringify(batch));
        if (res.status === 202) for (const e of batch) acked.add(e.id as string);
      }
    });
    await new Promise((r) => setTimeout(r, 800));
    await ch.halt("SIGKILL");
    const ready = await fetch(`${h.url}/api/ready`);
    expect(ready.status).toBe(503);
    await new Promise((r) => setTimeout(r, 800));
    await ch.start();
    await new Promise((r) => setTimeout(r, 800));
    sending = false;
    await Promise.all(clients);

    const store = await h.stored();
    const t = store.forTenant("acme");
    const ids = [...acked];
    expect(ids.length).toBeGreaterThan(200);
    expect((await t.existingEventIds(ids)).size).toBe(ids.length);
    expect(await t.countEvents({})).toBe(ids.length);
    const report = await verifyTenant({
      ctx: { store },
      input: { tenant: "acme", maxFindings: 20 },
    });
    expect(report.findings).toEqual([]);
    expect(report.chains[0]?.events).toBe(ids.length);
  }, 60_000);
});
