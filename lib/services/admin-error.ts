import type { Store } from "../../db/store/types";
import { type ErrorCode, TooltrailError } from "../core/errors";

/** What an administrative operation runs with, in the CLI's process or the server's. */
export type AdminCtx = {
  store: Store;
  /** Where this process keeps its signing keys (DATA_DIR/keys); operations that sign need it. */
  keysDir?: string;
};

/**
 * An operation failed for a reason the person running it can act on (exit code 1, no stack):
 * invalid input by default, or the code given.
 */
export class AdminError extends TooltrailError {
  constructor(message: string, code: ErrorCode = "invalid-input") {
    super(code, message);
  }
}
