import { describe } from "vitest";
import { eventFacetsSuite } from "./event-facets.suite";
import { openPgliteStore } from "./pglite";

describe("event facets on PGlite", () => {
  eventFacetsSuite(() => openPgliteStore(undefined));
});
