import { onPostgres } from "../../test/fixtures/store-backends";
import { quarantineSuite } from "./quarantine.suite";

onPostgres("quarantine reads", quarantineSuite);
