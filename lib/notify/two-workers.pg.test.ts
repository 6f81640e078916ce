import { onPostgres } from "../../test/fixtures/store-backends";
import { twoWorkersSuite } from "./two-workers.suite";

onPostgres("two delivery workers", twoWorkersSuite);
