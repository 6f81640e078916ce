import { onPostgres } from "../test/fixtures/store-backends";
import { ingestApiSuite } from "./ingest-api.suite";

onPostgres("ingest API", ingestApiSuite);
