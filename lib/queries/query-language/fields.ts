import { QUERY_FIELDS, type QueryField } from "../../../db/store/query-node";
import { ACTOR_TYPES, CLASSIFICATIONS, OUTCOMES, VERDICTS } from "../../core/contract";

/** What each field is, for the documentation and the CLI's help (docs/query-language.md). */
export const FIELD_DESCRIPTIONS: Record<QueryField, string> = {
  id: "event id",
  server: "MCP server name",
  method: "MCP method (tools/call, resources/read, …)",
  tool: "tool name",
  actor: "actor id",
  "actor.type": "user, agent or service",
  "actor.name": "actor's display name",
  "actor.email": "actor's email",
  "actor.ip": "actor's IP address",
  client: "client name",
  agent: "agent id (or name)",
  session: "session id",
  conversation: "conversation id",
  trace: "trace id",
  outcome: OUTCOMES.join(", "),
  verdict: VERDICTS.join(", "),
  policy: "policy id of the decision",
  classification: CLASSIFICATIONS.join(", "),
  "error.type": "error type",
  args_hmac: "HMAC of the arguments: the same arguments, without their values",
  key: "ingest key id",
  duration_ms: "duration in milliseconds",
  result_bytes: "result size in bytes",
  redactions: "values redacted in the event",
  labels: "labels.<key>: a label's value",
  args: "args.<path>: the argument at a dotted path (payload)",
  arguments: "text anywhere in the arguments, case-insensitive (payload)",
};

/** Fields whose values are one of a closed list: a typo is an error, not an empty page. */
export const FIELD_VALUES: Partial<Record<QueryField, readonly string[]>> = {
  outcome: OUTCOMES,
  verdict: VERDICTS,
  classification: CLASSIFICATIONS,
  "actor.type": ACTOR_TYPES,
};

/** Fields that read argument values: refused to roles without `events:payload`. */
export const PAYLOAD_FIELDS: ReadonlySet<QueryField> = new Set<QueryField>(["args", "arguments"]);

/** Characters a label key or an argument path segment may have in a query. */
export const KEY_PATTERN = /^[A-Za-z0-9_\-/@$]+(\.[A-Za-z0-9_\-/@$]+)*$/;

export function isQueryField(name: string): name is QueryField {
  return Object.hasOwn(QUERY_FIELDS, name);
}

/** `labels.env` → labels and env; `args.a.b` → args and a.b; other names as they are. */
export function splitFieldName(name: string): { field: string; key: string | null } {
  for (const keyed of ["labels", "args"])
    if (name.startsWith(`${keyed}.`)) return { field: keyed, key: name.slice(keyed.length + 1) };
  return { field: name, key: null };
}
