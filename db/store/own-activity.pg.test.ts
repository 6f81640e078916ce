import { onPostgres } from "../../test/fixtures/store-backends";
import { ownActivitySuite } from "./own-activity.suite";

onPostgres("own activity", ownActivitySuite);
