import { describe } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { detectionConformanceSuite } from "./conformance.suite";

describe("detection conformance on PGlite", () => {
  detectionConformanceSuite(() => openPgliteStore(undefined));
});
