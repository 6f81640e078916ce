/**
 * The parsed form of the query language (lib/queries/query-language): a small tree of and/or/not
 * over predicates on known fields, which every backend compiles to parameterised SQL
 * (sql/query-filter.ts, clickhouse/ch-query-filter.ts). It lives here, not beside the parser,
 * because the store may depend on lib/core only.
 */
export const QUERY_FIELDS = {
  id: "string",
  server: "string",
  method: "string",
  tool: "string",
  actor: "string",
  "actor.type": "string",
  "actor.name": "string",
  "actor.email": "string",
  "actor.ip": "string",
  client: "string",
  agent: "string",
  session: "string",
  conversation: "string",
  trace: "string",
  outcome: "string",
  verdict: "string",
  policy: "string",
  classification: "string",
  "error.type": "string",
  args_hmac: "string",
  key: "string",
  duration_ms: "number",
  result_bytes: "number",
  redactions: "number",
  /** `labels.<key>`: one label's value. */
  labels: "keyed",
  /** `args.<path>`: the argument value at a dotted path (payload). */
  args: "keyed",
  /** Case-insensitive substring of the arguments' JSON text (payload). */
  arguments: "text",
} as const;

export type QueryField = keyof typeof QUERY_FIELDS;
type FieldOf<K> = { [F in QueryField]: (typeof QUERY_FIELDS)[F] extends K ? F : never }[QueryField];
export type StringField = FieldOf<"string">;
export type NumberField = FieldOf<"number">;
export type KeyedField = FieldOf<"keyed">;

export type QueryNode =
  | { kind: "and"; nodes: QueryNode[] }
  | { kind: "or"; nodes: QueryNode[] }
  | { kind: "not"; node: QueryNode }
  /** Exact value, or (`prefix`, a trailing `*`) a value that starts with it; case-sensitive. */
  | { kind: "match"; field: StringField; op: "eq" | "prefix"; value: string }
  | { kind: "match"; field: KeyedField; key: string; op: "eq" | "prefix"; value: string }
  | { kind: "range"; field: NumberField; op: "eq" | "gt" | "gte" | "lt" | "lte"; value: number }
  /** Both ends included: `duration_ms:100..500`. */
  | { kind: "between"; field: NumberField; from: number; to: number }
  /** Free text (EventFilter.text's meaning), or with `field` a substring of the arguments. */
  | { kind: "text"; field?: "arguments"; value: string };

export type MatchNode = Extract<QueryNode, { kind: "match" }>;
