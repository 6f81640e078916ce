import { describe } from "vitest";
import { eventQuerySuite } from "./event-query.suite";
import { openPgliteStore } from "./pglite";

describe("query language on PGlite", () => {
  eventQuerySuite(() => openPgliteStore(undefined));
});
