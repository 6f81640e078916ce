import { onClickHouse } from "../../test/fixtures/store-backends";
import { accessUsageSuite } from "./access-usage.suite";

onClickHouse("access usage", (open) => accessUsageSuite(open, { CLICKHOUSE_FLUSH_MS: "100" }));
