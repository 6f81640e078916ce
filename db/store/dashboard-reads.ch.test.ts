import { afterAll } from "vitest";
import { describeClickHouse } from "../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../test/fixtures/clickhouse-server";
import { openClickHouseStore } from "./clickhouse/open";
import { dashboardReadSuite } from "./dashboard-reads.suite";
import { openPgliteStore } from "./pglite";

describeClickHouse("dashboard reads on ClickHouse", () => {
  let server: ClickHouseServer | null = null;
  afterAll(async () => server?.stop());
  dashboardReadSuite(async () => {
    server = await startClickHouse();
    return openClickHouseStore(
      { url: server.url, database: "tooltrail", cluster: null },
      await openPgliteStore(undefined),
    );
  });
});
