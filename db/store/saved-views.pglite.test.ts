import { describe } from "vitest";
import { openPgliteStore } from "./pglite";
import { savedViewsSuite } from "./saved-views.suite";

describe("saved views on PGlite", () => {
  savedViewsSuite(() => openPgliteStore(undefined));
});
