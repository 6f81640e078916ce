import { describe } from "vitest";
import { accessUsageSuite } from "./access-usage.suite";
import { openPgliteStore } from "./pglite";

describe("access usage on PGlite", () => {
  accessUsageSuite(() => openPgliteStore(undefined));
});
