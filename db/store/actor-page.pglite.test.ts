import { describe } from "vitest";
import { actorPageSuite } from "./actor-page.suite";
import { openPgliteStore } from "./pglite";

describe("actor page reads on PGlite", () => {
  actorPageSuite(() => openPgliteStore(undefined));
});
