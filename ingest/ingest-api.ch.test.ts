import { afterAll } from "vitest";
import { openClickHouseStore } from "../db/store/clickhouse/open";
import { openPgliteStore } from "../db/store/pglite";
import { describeClickHouse } from "../test/fixtures/clickhouse";
import { type ClickHouseServer, startClickHouse } from "../test/fixtures/clickhouse-server";
import { ingestApiSuite } from "./ingest-api.suite";

describeClickHouse("ingest API on ClickHouse", () => {
  let server: ClickHouseServer | null = null;
  afterAll(async () => server?.stop());
  ingestApiSuite(async () => {
    server = await startClickHouse();
    return openClickHouseStore(
      { url: server.url, database: "tooltrail", cluster: null },
      await openPgliteStore(undefined),
    );
  });
});
