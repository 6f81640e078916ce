import { onPostgres } from "../../test/fixtures/store-backends";
import { detectionConformanceSuite } from "./conformance.suite";

onPostgres("detection conformance", detectionConformanceSuite);
