import { describe } from "vitest";
import { openPgliteStore } from "./pglite";
import { quarantineSuite } from "./quarantine.suite";

describe("quarantine reads on PGlite", () => {
  quarantineSuite(() => openPgliteStore(undefined));
});
