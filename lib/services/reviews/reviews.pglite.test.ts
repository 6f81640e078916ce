import { describe } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import { reviewsServiceSuite } from "./reviews.suite";

describe("access review campaigns on PGlite", () => {
  reviewsServiceSuite(() => openPgliteStore(undefined));
});
