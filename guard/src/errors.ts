/** JSON-RPC error codes Guard answers with (the MCP range for implementation errors). */
export const GUARD_ERRORS = {
  // Not -32000/-32001: the SDK uses those for a closed connection and a timeout.
  unauthenticated: -32010,
  denied: -32003,
  rateLimited: -32029,
  invalid: -32602,
  auditUnavailable: -32005,
} as const;
