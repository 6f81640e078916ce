import { onClickHouse } from "../../test/fixtures/store-backends";
import { ownActivitySuite } from "./own-activity.suite";

onClickHouse("own activity", ownActivitySuite);
