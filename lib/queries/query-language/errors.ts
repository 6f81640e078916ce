import { TooltrailError } from "../../core/errors";

/** Limits that keep a query's SQL small and its parse shallow (no recursion a URL can exhaust). */
export const QUERY_LIMITS = { chars: 2000, terms: 64, depth: 16 } as const;

/** A malformed query: the message starts with the 1-based column it points at. */
export function queryError(column: number, message: string): TooltrailError {
  return new TooltrailError("invalid-input", `column ${column}: ${message}`);
}

/** A payload field asked for by a role that may not read payloads. */
export function payloadRefused(column: number, what: string): TooltrailError {
  return new TooltrailError(
    "forbidden",
    `column ${column}: ${what} reads argument values, which your role may not read (it needs the events:payload permission); use field:value terms such as tool:read_file`,
  );
}
