import { onClickHouse } from "../../test/fixtures/store-backends";
import { retentionSuite } from "./retention.suite";

onClickHouse("retention", retentionSuite);
