import { onClickHouse } from "../test/fixtures/store-backends";
import { ingestApiSuite } from "./ingest-api.suite";

onClickHouse("ingest API", ingestApiSuite);
