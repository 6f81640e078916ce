import { describe } from "vitest";
import { accessReviewSuite } from "./access-review.suite";
import { openPgliteStore } from "./pglite";

describe("access reviews on PGlite", () => {
  accessReviewSuite(() => openPgliteStore(undefined));
});
