import { onPostgres } from "../../test/fixtures/store-backends";
import { savedViewsSuite } from "./saved-views.suite";

onPostgres("saved views", savedViewsSuite);
