import { onClickHouse } from "../../test/fixtures/store-backends";
import { detectionConformanceSuite } from "./conformance.suite";

onClickHouse("detection conformance", detectionConformanceSuite);
