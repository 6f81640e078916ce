import { onClickHouse } from "../../test/fixtures/store-backends";
import { eventQuerySuite } from "./event-query.suite";

onClickHouse("query language", eventQuerySuite);
