// Worker threads do not inherit the parent's module hooks: register tsx here, then load the
// TypeScript worker, exactly as bin/tooltrail.mjs does for the main thread.
import { register } from "tsx/esm/api";

register();
await import("./prepare-worker.ts");
