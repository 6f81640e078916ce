import { afterAll } from "vitest";
import { openClickHouseStore } from "../../db/store/clickhouse/open";
import { openPgliteStore } from "../../db/store/pglite";
import { describeClickHouse } from "../../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../../test/fixtures/clickhouse-server";
import { retentionSuite } from "./retention.suite";

describeClickHouse("retention on ClickHouse", () => {
  let server: ClickHouseServer | null = null;
  afterAll(async () => server?.stop());
  retentionSuite(async () => {
    server = await startClickHouse();
    return openClickHouseStore(
      { url: server.url, database: "tooltrail", cluster: null },
      await openPgliteStore(undefined),
    );
  });
});
