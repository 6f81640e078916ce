import { onPostgres } from "../../test/fixtures/store-backends";
import { accessUsageSuite } from "./access-usage.suite";

onPostgres("access usage", accessUsageSuite);
