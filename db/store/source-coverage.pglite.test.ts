import { describe } from "vitest";
import { openPgliteStore } from "./pglite";
import { sourceCoverageSuite } from "./source-coverage.suite";

describe("source coverage on PGlite", () => {
  sourceCoverageSuite(() => openPgliteStore(undefined));
});
