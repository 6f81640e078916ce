import { onClickHouse } from "../../../test/fixtures/store-backends";
import { reviewsServiceSuite } from "./reviews.suite";

onClickHouse("access review campaigns", (open) =>
  reviewsServiceSuite(open, { CLICKHOUSE_FLUSH_MS: "100" }),
);
