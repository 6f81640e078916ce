import { describe } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { deliveryLogSuite } from "./delivery-log.suite";

describe("delivery log on PGlite", () => deliveryLogSuite(() => openPgliteStore(undefined)));
