import { onClickHouse } from "../../test/fixtures/store-backends";
import { detectionStoreSuite } from "./detection-store.suite";

onClickHouse("detection store", detectionStoreSuite);
