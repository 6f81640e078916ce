import { describe } from "vitest";
import { openPgliteStore } from "./pglite";
import { storeReadSuite } from "./store.suite";

describe("store reads on PGlite", () => {
  storeReadSuite(() => openPgliteStore(undefined));
});
