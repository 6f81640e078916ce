import { describe } from "vitest";
import { detectionStoreSuite } from "./detection-store.suite";
import { openPgliteStore } from "./pglite";

describe("detection store on PGlite", () => {
  detectionStoreSuite(() => openPgliteStore(undefined));
});
