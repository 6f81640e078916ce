import { onClickHouse } from "../../test/fixtures/store-backends";
import { storeReadSuite } from "./store.suite";

onClickHouse("store reads", storeReadSuite);
