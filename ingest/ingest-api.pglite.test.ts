import { describe } from "vitest";
import { openPgliteStore } from "../db/store/pglite";
import { ingestApiSuite } from "./ingest-api.suite";

describe("ingest API on PGlite", () => {
  ingestApiSuite(async () => openPgliteStore(undefined));
});
