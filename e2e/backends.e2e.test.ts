import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeClickHouse } from "../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../test/fixtures/clickhouse-server";
import { describePostgres, freshDatabase } from "../test/fixtures/postgres";
import { type App, signInHttp, startApp } from "./fixtures/app";

vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/**
 * The same pages on the other store backends: the dashboard reads only through the Store
 * interface, so overview, explorer, event detail (with its batch verified) and export must answer
 * the same on PostgreSQL and on ClickHouse as on the embedded store.
 */
function pagesSuite(start: () => Promise<App>) {
  let app: App;
  let cookie = "";
  const get = async (path: string) => {
    const r = await fetch(`${app.url}${path}`, { headers: { cookie }, redirect: "manual" });
    return { status: r.status, text: await r.text() };
  };

  beforeAll(async () => {
    app = await start();
    await app.cli(
      "demo",
      "--url",
      app.url,
      "--days",
      "1",
      "--events-per-day",
      "300",
      "--tenants",
      "acme",
    );
    await app.user("acme", "owner@acme.test", "owner");
    cookie = await signInHttp(app.url, "owner@acme.test");
  });
  afterAll(async () => app?.stop());

  it("serves the overview with KPIs and the explorer with a page of events", async () => {
    await expect
      .poll(
        async () =>
          (await get("/acme/export?format=ndjson&range=7d")).text.trim().split("\n").length,
        { timeout: 30_000 },
      )
      .toBeGreaterThanOrEqual(290);
    const overview = await get("/acme?range=7d");
    expect(overview.status).toBe(200);
    expect(overview.text).toContain("Calls over time, by outcome");
    expect(overview.text).toMatch(/data-testid="kpi-calls"/);
    const events = await get("/acme/events?range=7d&outcome=denied&size=25");
    expect(events.status).toBe(200);
    expect(events.text).toContain("denied");
    const search = await get("/acme/events?range=7d&q=read_file");
    expect(search.text).toContain("read_file");
  });

  it("opens an event with its batch verified, and exports the filter", async () => {
    const first = JSON.parse(
      (await get("/acme/export?format=ndjson&range=7d")).text.split("\n")[0] ?? "{}",
    ) as { id: string };
    const detail = await get(`/acme/events/${encodeURIComponent(first.id)}`);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain("verified");
    const csv = await get("/acme/export?format=csv&range=7d&outcome=error");
    const rows = csv.text.trim().split("\r\n").slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.includes(",error,"))).toBe(true);
  });
}

describePostgres("dashboard pages on PostgreSQL", () => {
  let drop: (() => Promise<void>) | null = null;
  afterAll(async () => drop?.());
  pagesSuite(async () => {
    const db = await freshDatabase();
    drop = db.drop;
    return startApp({ DATABASE_URL: db.url });
  });
});

describeClickHouse("dashboard pages on ClickHouse", () => {
  let server: ClickHouseServer | null = null;
  afterAll(async () => server?.stop());
  pagesSuite(async () => {
    server = await startClickHouse();
    return startApp({ CLICKHOUSE_URL: server.url, CLICKHOUSE_FLUSH_MS: "200" });
  });
});
