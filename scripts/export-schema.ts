import { writeFileSync } from "node:fs";
import { eventV1JsonSchema } from "../lib/core/contract/json-schema";

// `node bin/run-ts.mjs scripts/export-schema.ts` rewrites the committed JSON Schema.
writeFileSync(
  new URL("../lib/core/contract/event-v1.schema.json", import.meta.url),
  `${JSON.stringify(eventV1JsonSchema(), null, 2)}\n`,
);
