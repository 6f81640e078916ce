import { afterAll } from "vitest";
import { describeClickHouse } from "../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../test/fixtures/clickhouse-server";
import { openClickHouseStore } from "./clickhouse/open";
import { openPgliteStore } from "./pglite";
import { sourceCoverageSuite } from "./source-coverage.suite";

describeClickHouse("source coverage on ClickHouse", () => {
  let server: ClickHouseServer | null = null;
  afterAll(async () => server?.stop());
  sourceCoverageSuite(
    async () => {
      server = await startClickHouse();
      return openClickHouseStore(
        { url: server.url, database: "tooltrail", cluster: null },
        await openPgliteStore(undefined),
      );
    },
    { CLICKHOUSE_FLUSH_MS: "100" },
  );
});
