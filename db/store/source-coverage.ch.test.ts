import { onClickHouse } from "../../test/fixtures/store-backends";
import { sourceCoverageSuite } from "./source-coverage.suite";

onClickHouse("source coverage", (open) =>
  sourceCoverageSuite(open, { CLICKHOUSE_FLUSH_MS: "100" }),
);
