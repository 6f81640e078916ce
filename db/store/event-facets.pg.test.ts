import { onPostgres } from "../../test/fixtures/store-backends";
import { eventFacetsSuite } from "./event-facets.suite";

onPostgres("event facets", eventFacetsSuite);
