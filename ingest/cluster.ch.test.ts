import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chsql } from "../db/clickhouse/binder";
import { connectClickHouse } from "../db/clickhouse/client";
import { openClickHouseStore } from "../db/store/clickhouse/open";
import { openPgliteStore } from "../db/store/pglite";
import { runRetention } from "../lib/retention/run-retention";
import { verifyTenant } from "../lib/services/integrity/verify-tenant";
import { clusterAvailable, startClickHouseCluster } from "../test/fixtures/clickhouse-cluster";
import { type Harness, makeEvent, startHarness } from "../test/fixtures/ingest-harness";

/**
 * A real cluster: ZooKeeper and two ClickHouse servers as one shard with two replicas. Heavier,
 * so it runs under CI=true or TOOLTRAIL_CLUSTER_TESTS=1, and says so when skipped.
 */
const wanted = process.env.CI === "true" || process.env.TOOLTRAIL_CLUSTER_TESTS === "1";
if (wanted && !clusterAvailable()) {
  throw new Error(
    "the ClickHouse cluster test needs clickhouse-server and zookeeper: apt-get install -y clickhouse-server zookeeper",
  );
}
if (!wanted)
  process.stderr.write(
    "SKIP ClickHouse cluster: runs under CI=true or TOOLTRAIL_CLUSTER_TESTS=1\n",
  );

describe.runIf(wanted)("ClickHouse cluster (1 shard, 2 replicas, ZooKeeper)", () => {
  let cluster: Awaited<ReturnType<typeof startClickHouseCluster>>;
  let h: Harness;
  let token: string;
  const localCount = async (url: string) => {
    const ch = await connectClickHouse(url);
    try {
      const [row] = await ch.query(
        chsql`SELECT count() AS n FROM tooltrail.events_local FINAL`,
        z.object({ n: z.coerce.number() }),
      );
      return row?.n ?? 0;
    } finally {
      await ch.close();
    }
  };

  beforeAll(async () => {
    cluster = await startClickHouseCluster();
    const store = await openClickHouseStore(
      { url: cluster.replicas[0]?.url as string, database: "tooltrail", cluster: cluster.cluster },
      await openPgliteStore(undefined),
    );
    h = await startHarness({ store, env: { CLICKHOUSE_FLUSH_MS: "100" } });
    token = await h.tenantWithKey("acme");
  }, 300_000);
  afterAll(async () => {
    await h?.stop();
    await cluster?.stop();
  });

  it("ingests through the pipeline into replicated tables and reads back through the distributed ones", async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await h.post(token, JSON.stringify(Array.from({ length: 40 }, () => makeEvent())))).status,
      ).toBe(202);
    const store = await h.stored();
    expect(await store.forTenant("acme").countEvents({})).toBe(200);
    expect(await store.forTenant("acme").countEvents({ from: new Date(1), actor: ["alice"] })).toBe(
      200,
    );
    // Replication copies every row to the second replica.
    const second = cluster.replicas[1]?.url as string;
    for (
      const deadline = Date.now() + 30_000;
      (await localCount(second)) < 200 && Date.now() < deadline;
    )
      await new Promise((r) => setTimeout(r, 200));
    expect(await localCount(second)).toBe(200);
  }, 60_000);

  it("keeps accepting, storing and reading with one replica down, and the replica catches up", async () => {
    const second = cluster.replicas[1];
    await second?.halt("SIGKILL");
    const events = Array.from({ length: 50 }, () => makeEvent());
    expect((await h.post(token, JSON.stringify(events))).status).toBe(202);
    const store = await h.stored();
    expect(await store.forTenant("acme").countEvents({})).toBe(250);
    expect((await store.forTenant("acme").getEvent(events[7]?.id as string))?.id).toBe(
      events[7]?.id,
    );
    await second?.start();
    for (
      const deadline = Date.now() + 30_000;
      (await localCount(second?.url as string)) < 250 && Date.now() < deadline;
    )
      await new Promise((r) => setTimeout(r, 200));
    expect(await localCount(second?.url as string)).toBe(250);
    const report = await verifyTenant({
      ctx: { store },
      input: { tenant: "acme", maxFindings: 10 },
    });
    expect(report.findings).toEqual([]);
  }, 90_000);

  it("runs retention on the cluster: mutations on every replica, rollups recomputed, chain verified", async () => {
    const store = await h.stored();
    await store.admin.setTenantRetention("acme", { retentionDays: 100 });
    // makeEvent's events are from March 2026: all but the chain's newest batch are past 100 days.
    const ctx = { store, keysDir: `${h.dataDir}/keys` };
    const [acme] = await runRetention({ ctx, input: { tenant: "acme", dry_run: false } });
    const removed = acme?.chains.reduce((n, c) => n + c.removed_events, 0) ?? 0;
    expect(removed).toBeGreaterThan(0);
    const t = store.forTenant("acme");
    expect(await t.countEvents({})).toBe(250 - removed);
    expect(await t.countEvents({ from: new Date(1) })).toBe(250 - removed);
    // Off the hour with an actor: read from events_by_actor, whose removed batches went too.
    expect(await t.countEvents({ from: new Date(1), actor: ["alice"] })).toBe(250 - removed);
    const report = await verifyTenant({ ctx, input: { tenant: "acme", maxFindings: 10 } });
    expect(report.findings).toEqual([]);
    for (const replica of cluster.replicas) {
      for (
        const deadline = Date.now() + 30_000;
        (await localCount(replica.url)) !== 250 - removed && Date.now() < deadline;
      )
        await new Promise((r) => setTimeout(r, 200));
      expect(await localCount(replica.url)).toBe(250 - removed);
    }
  }, 120_000);
});
