import { onPostgres } from "../../test/fixtures/store-backends";
import { retentionSuite } from "./retention.suite";

onPostgres("retention", retentionSuite);
