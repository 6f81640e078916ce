import { onClickHouse } from "../../test/fixtures/store-backends";
import { eventFacetsSuite } from "./event-facets.suite";

onClickHouse("event facets", eventFacetsSuite);
