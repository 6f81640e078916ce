import { onPostgres } from "../../test/fixtures/store-backends";
import { guardAccessSuite } from "./guard-access.suite";

onPostgres("guard access store", guardAccessSuite);
