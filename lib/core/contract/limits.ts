/**
 * Documented maxima of event contract v1. One table drives validation, trimming and the README,
 * so what we enforce and what we promise cannot drift apart.
 */
export const LIMITS = {
  /** Serialized size of one event (UTF-8 bytes of its JSON). */
  eventBytes: 64 * 1024,
  /** Serialized size of `arguments` alone. */
  argumentsBytes: 32 * 1024,
  /** Nesting depth of `arguments` (a scalar has depth 0). */
  argumentsDepth: 32,
  /**
   * Nesting depth of a request body: arrays and objects of a JSON body (or OTLP/JSON), messages
   * of an OTLP/protobuf body. Deeper bodies are refused with 400 before anything parses them
   * recursively. 100 is protobuf's default recursion limit; a valid event needs 35.
   */
  bodyDepth: 100,
  /** Events in one request. */
  batchEvents: 1000,
  /** Decompressed body of one request. */
  bodyBytes: 16 * 1024 * 1024,
  /** Entries in `labels`. */
  labels: 32,
  labelKeyChars: 64,
  labelValueChars: 256,
  /** Entries in `actor.roles`, `validation.errors`, `redactions`. */
  roles: 32,
  validationErrors: 32,
  redactions: 64,
  idChars: 128,
} as const;

/**
 * String fields trimmed (never rejected) when longer than their maximum, in UTF-16 code units.
 * Each trim is recorded in the stored event's `truncated` list.
 */
export const STRING_MAXIMA: Readonly<Record<string, number>> = {
  "server.name": 256,
  "server.version": 128,
  "server.instance": 256,
  method: 128,
  tool: 256,
  resource_uri: 2048,
  prompt_name: 256,
  "actor.id": 256,
  "actor.name": 256,
  "actor.email": 320,
  "actor.ip": 64,
  "actor.user_agent": 512,
  "client.name": 256,
  "client.version": 128,
  "agent.id": 256,
  "agent.name": 256,
  "agent.model": 256,
  session_id: 256,
  conversation_id: 256,
  trace_id: 128,
  span_id: 128,
  request_id: 256,
  "error.type": 256,
  "error.code": 128,
  "error.message": 4096,
  "decision.policy_id": 256,
  "decision.rule_id": 256,
  "decision.reason": 1024,
  "rate_limit.key": 256,
  "approval.by": 256,
  "actor.roles[]": 64,
  "validation.errors[]": 1024,
  "redactions[].field": 256,
  "redactions[].type": 64,
};
