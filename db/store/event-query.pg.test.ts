import { onPostgres } from "../../test/fixtures/store-backends";
import { eventQuerySuite } from "./event-query.suite";

onPostgres("query language", eventQuerySuite);
