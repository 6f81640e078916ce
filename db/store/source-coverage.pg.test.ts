import { onPostgres } from "../../test/fixtures/store-backends";
import { sourceCoverageSuite } from "./source-coverage.suite";

onPostgres("source coverage", sourceCoverageSuite);
