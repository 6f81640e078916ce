import { describe } from "vitest";
import { eventSortSuite } from "./event-sort.suite";
import { openPgliteStore } from "./pglite";

describe("event sorting on PGlite", () => {
  eventSortSuite(() => openPgliteStore(undefined));
});
