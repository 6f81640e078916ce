import { onPostgres } from "../../test/fixtures/store-backends";
import { detectionStoreSuite } from "./detection-store.suite";

onPostgres("detection store", detectionStoreSuite);
