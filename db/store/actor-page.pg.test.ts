import { onPostgres } from "../../test/fixtures/store-backends";
import { actorPageSuite } from "./actor-page.suite";

onPostgres("actor page reads", actorPageSuite);
