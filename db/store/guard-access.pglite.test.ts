import { describe } from "vitest";
import { guardAccessSuite } from "./guard-access.suite";
import { openPgliteStore } from "./pglite";

describe("guard access store on PGlite", () => {
  guardAccessSuite(() => openPgliteStore(undefined));
});
