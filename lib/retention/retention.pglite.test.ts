import { describe } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { retentionSuite } from "./retention.suite";

describe("retention on PGlite", () => retentionSuite(() => openPgliteStore(undefined)));
