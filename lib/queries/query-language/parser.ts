import { QUERY_FIELDS, type QueryNode } from "../../../db/store/query-node";
import { payloadRefused, QUERY_LIMITS, queryError } from "./errors";
import { FIELD_VALUES, isQueryField, KEY_PATTERN, PAYLOAD_FIELDS, splitFieldName } from "./fields";
import { type Term, type Token, tokenize } from "./tokenizer";

export type ParseOptions = {
  /** The reader may see argument values (`events:payload`): payload fields and free text. */
  allowPayload: boolean;
};

/**
 * Parses a query once into the tree every store compiles (db/store/query-node.ts). Terms side by
 * side are ANDed, `OR` binds looser than that, `-` (or NOT) negates the term or group after it.
 * An empty query is null: no condition. Errors point at the column.
 */
export function parseQuery(query: string, opts: ParseOptions): QueryNode | null {
  if ([...query].length > QUERY_LIMITS.chars)
    throw queryError(
      QUERY_LIMITS.chars + 1,
      `a query has at most ${QUERY_LIMITS.chars} characters`,
    );
  const tokens = tokenize(query);
  if (tokens.filter((t) => t.type === "term").length > QUERY_LIMITS.terms)
    throw queryError(1, `a query has at most ${QUERY_LIMITS.terms} terms`);
  let pos = 0;
  const peek = (): Token => tokens[pos] as Token;
  const next = (): Token => tokens[pos++] as Token;

  const startsTerm = (t: Token) =>
    t.type === "term" || t.type === "(" || t.type === "-" || t.type === "NOT";

  function or(depth: number): QueryNode {
    const nodes = [and(depth)];
    while (peek().type === "OR") {
      const op = next();
      if (!startsTerm(peek()))
        throw queryError(peek().col, `expected a term after "OR" (column ${op.col})`);
      nodes.push(and(depth));
    }
    return join("or", nodes);
  }

  function and(depth: number): QueryNode {
    const nodes: QueryNode[] = [];
    for (;;) {
      const t = peek();
      if (t.type === "AND") {
        next();
        if (nodes.length === 0 || !startsTerm(peek()))
          throw queryError(t.col, '"AND" needs a term on each side');
        continue;
      }
      if (!startsTerm(t)) break;
      nodes.push(unary(depth));
    }
    if (nodes.length === 0) {
      const t = peek();
      throw queryError(
        t.col,
        t.type === "OR"
          ? '"OR" needs a term on each side'
          : t.type === ")"
            ? 'unexpected ")"'
            : "expected a term",
      );
    }
    return join("and", nodes);
  }

  function unary(depth: number): QueryNode {
    const t = peek();
    if (t.type === "-" || t.type === "NOT") {
      next();
      if (!startsTerm(peek())) throw queryError(peek().col, `expected a term after "${t.type}"`);
      return { kind: "not", node: unary(depth) };
    }
    if (t.type === "(") {
      if (depth >= QUERY_LIMITS.depth)
        throw queryError(t.col, `parentheses nest at most ${QUERY_LIMITS.depth} deep`);
      next();
      if (peek().type === ")") throw queryError(peek().col, "empty parentheses");
      const inner = or(depth + 1);
      if (peek().type !== ")") throw queryError(t.col, 'unclosed "(": add ")"');
      next();
      return inner;
    }
    return term(next() as Term);
  }

  const root = peek().type === "end" ? null : or(0);
  if (peek().type !== "end") throw queryError(peek().col, 'unexpected ")"');
  return root;

  function term(t: Term): QueryNode {
    if (t.field === null) {
      if (t.star && t.quoted)
        throw queryError(t.valueCol, "free text takes no wildcard: it matches anywhere already");
      if (t.star) t.value += "*";
      if (!opts.allowPayload) throw payloadRefused(t.col, "free text");
      return { kind: "text", value: t.value };
    }
    const { field, key } = splitFieldName(t.field);
    if (!isQueryField(field))
      throw queryError(
        t.col,
        `unknown field "${t.field}": fields are ${Object.keys(QUERY_FIELDS).join(", ")}; quote text that holds a colon`,
      );
    if (PAYLOAD_FIELDS.has(field) && !opts.allowPayload) throw payloadRefused(t.col, t.field);
    const kind = QUERY_FIELDS[field];
    if ((kind === "keyed") !== (key !== null))
      throw queryError(
        t.col,
        kind === "keyed"
          ? `${field} needs a key: ${field}.<key>:value`
          : `"${t.field}" is not a field (only labels and args take a key)`,
      );
    if (t.value === "" && !t.star)
      throw queryError(t.valueCol, `expected a value after "${t.field}:"`);
    if (kind === "number")
      return numberTerm(t, field as Extract<QueryNode, { kind: "range" }>["field"]);
    if (kind === "text") {
      if (t.star) throw queryError(t.valueCol, `${field} searches text: it takes no wildcard`);
      return { kind: "text", field: "arguments", value: t.value };
    }
    const op = t.star ? "prefix" : "eq";
    if (kind === "keyed") {
      if (key === null || !KEY_PATTERN.test(key))
        throw queryError(t.col, `${field} keys have letters, digits and _ - / @ $, dot-separated`);
      return { kind: "match", field: field as "labels" | "args", key, op, value: t.value };
    }
    const allowed = FIELD_VALUES[field];
    if (op === "eq" && allowed && !allowed.includes(t.value))
      throw queryError(t.valueCol, `${field} is one of ${allowed.join(", ")}`);
    return {
      kind: "match",
      field: field as Extract<QueryNode, { kind: "match"; key?: never }>["field"],
      op,
      value: t.value,
    };
  }
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const RANGE_OPS = [">=", "<=", ">", "<"] as const;
const OP_NAMES = { ">=": "gte", "<=": "lte", ">": "gt", "<": "lt" } as const;

function toNumber(text: string, t: Term): number {
  const n = NUMBER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n))
    throw queryError(
      t.valueCol,
      `${t.field} takes a number, a range like 100..500, or >, >=, <, <= before a number`,
    );
  return n === 0 ? 0 : n;
}

function numberTerm(t: Term, field: Extract<QueryNode, { kind: "range" }>["field"]): QueryNode {
  if (t.quoted || t.star)
    throw queryError(
      t.valueCol,
      `${field} takes a number, a range like 100..500, or >, >=, <, <= before a number`,
    );
  const op = RANGE_OPS.find((o) => t.value.startsWith(o));
  if (op)
    return { kind: "range", field, op: OP_NAMES[op], value: toNumber(t.value.slice(op.length), t) };
  const dots = t.value.indexOf("..");
  if (dots >= 0) {
    const from = toNumber(t.value.slice(0, dots), t);
    const to = toNumber(t.value.slice(dots + 2), t);
    if (from > to)
      throw queryError(t.valueCol, `${field}:${t.value} is empty: the lower end comes first`);
    return { kind: "between", field, from, to };
  }
  return { kind: "range", field, op: "eq", value: toNumber(t.value, t) };
}

/** One child stands for itself; a child of the same kind is flattened into its parent. */
function join(kind: "and" | "or", nodes: QueryNode[]): QueryNode {
  const flat = nodes.flatMap((n) => (n.kind === kind ? n.nodes : [n]));
  return flat.length === 1 ? (flat[0] as QueryNode) : { kind, nodes: flat };
}
