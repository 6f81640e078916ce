import { onClickHouse } from "../../test/fixtures/store-backends";
import { eventSortSuite } from "./event-sort.suite";

onClickHouse("event sorting", eventSortSuite);
