import { describe } from "vitest";
import { dashboardReadSuite } from "./dashboard-reads.suite";
import { openPgliteStore } from "./pglite";

describe("dashboard reads on PGlite", () => {
  dashboardReadSuite(() => openPgliteStore(undefined));
});
