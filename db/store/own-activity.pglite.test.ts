import { describe } from "vitest";
import { ownActivitySuite } from "./own-activity.suite";
import { openPgliteStore } from "./pglite";

describe("own activity on PGlite", () => {
  ownActivitySuite(() => openPgliteStore(undefined));
});
