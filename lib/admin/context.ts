import type { Store } from "../../db/store/types";

/** What an administrative operation runs with, in the CLI's process or the server's. */
export type AdminCtx = {
  store: Store;
  /** Where this process keeps its signing keys (DATA_DIR/keys); operations that sign need it. */
  keysDir?: string;
};

/** An operation failed for a reason the person running it can act on (exit code 1, no stack). */
export class AdminError extends Error {}
