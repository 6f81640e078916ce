/**
 * One error model. A failure a person or client can act on is a `TooltrailError` with a stable
 * code; each entry point maps codes in one place: HTTP to problem details (`httpStatus`), server
 * actions to their message state, the CLI to its exit code (`exitCode`). Anything else is a bug
 * and answers as an internal error without its message or stack.
 */
export const ERROR_CODES = {
  /** The input is malformed or fails a rule; the message says which and what is accepted. */
  "invalid-input": { status: 400, exit: 1 },
  /** The thing does not exist, or is not visible to this caller (another tenant's). */
  "not-found": { status: 404, exit: 1 },
  /** No session, or one that ended. */
  "signed-out": { status: 401, exit: 1 },
  /** The caller's role or origin may not do this. */
  forbidden: { status: 403, exit: 1 },
  /** Access that ended by itself (an auditor's end date). */
  expired: { status: 403, exit: 1 },
  /** The change conflicts with the current state (already a member, last owner, already revoked). */
  conflict: { status: 409, exit: 1 },
  /** The body or value is larger than allowed. */
  "too-large": { status: 413, exit: 1 },
  /** A content type or encoding that is not accepted. */
  unsupported: { status: 415, exit: 1 },
  /** Too much is waiting; retry shortly. */
  overloaded: { status: 503, exit: 4 },
  /** The store or another server cannot be reached, or the server is stopping. */
  unavailable: { status: 503, exit: 4 },
  /** The configuration is invalid; the message names the variable. */
  config: { status: 500, exit: 2 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

const BRAND = Symbol.for("tooltrail.error");

export class TooltrailError extends Error {
  readonly [BRAND] = true;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Recognised by a registered brand, not by class: Next.js bundles its own copy of these modules,
 * while the store or service that threw may have been loaded by the server process.
 */
export function isTooltrailError(err: unknown): err is TooltrailError {
  return (
    err instanceof Error &&
    (err as unknown as Record<symbol, unknown>)[BRAND] === true &&
    Object.hasOwn(ERROR_CODES, (err as { code?: unknown }).code as string)
  );
}

/** Whether `err` is ours with this code. */
export function hasCode(err: unknown, code: ErrorCode): err is TooltrailError {
  return isTooltrailError(err) && err.code === code;
}

/** The HTTP status for an error: its code's, or 500 for anything that is not ours. */
export function httpStatus(err: unknown): number {
  return isTooltrailError(err) ? ERROR_CODES[err.code].status : 500;
}

/** The CLI's exit code for an error: its code's, or 1 for anything that is not ours. */
export function exitCode(err: unknown): number {
  return isTooltrailError(err) ? ERROR_CODES[err.code].exit : 1;
}

/** What may be shown to the caller: our message, or a generic one (details go to the log). */
export function publicMessage(err: unknown): string {
  return isTooltrailError(err)
    ? err.message
    : "the operation failed on the server; see the server's log";
}
