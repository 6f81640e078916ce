import { type ErrorCode, TooltrailError } from "../core/errors";
import type { ServiceCtx } from "./context";

/**
 * What an operator-only operation needs of its context (tenants, users, holds, retention, reads
 * for the CLI): the store, and where this process keeps its signing keys.
 */
export type AdminCtx = Pick<ServiceCtx, "store" | "keysDir">;

/**
 * An operation failed for a reason the person running it can act on (exit code 1, no stack):
 * invalid input by default, or the code given.
 */
export class AdminError extends TooltrailError {
  constructor(message: string, code: ErrorCode = "invalid-input") {
    super(code, message);
  }
}
