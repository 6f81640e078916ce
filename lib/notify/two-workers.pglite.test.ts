import { describe } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { twoWorkersSuite } from "./two-workers.suite";

describe("two delivery workers on PGlite", () => twoWorkersSuite(() => openPgliteStore(undefined)));
