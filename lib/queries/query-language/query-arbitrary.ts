import fc from "fast-check";
import {
  type NumberField,
  QUERY_FIELDS,
  type QueryNode,
  type StringField,
} from "../../../db/store/query-node";
import { FIELD_VALUES } from "./fields";

const fields = Object.keys(QUERY_FIELDS) as (keyof typeof QUERY_FIELDS)[];
const stringFields = fields.filter((f) => QUERY_FIELDS[f] === "string") as StringField[];
const numberFields = fields.filter((f) => QUERY_FIELDS[f] === "number") as NumberField[];

/** Text people and attackers type: quotes, backslashes, LIKE wildcards, keywords, unicode. */
const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.string({ minLength: 1, maxLength: 6, unit: "grapheme" }),
  fc.constantFrom(
    "OR",
    "AND",
    "NOT",
    "-x",
    'a"b',
    "a\\b",
    "%_",
    "read_*",
    "tool:x",
    "(",
    "é😀",
    " ",
  ),
);
const key = fc
  .array(fc.stringMatching(/^[A-Za-z0-9_\-/@$]{1,6}$/), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.join("."));
const number = fc
  .oneof(fc.integer({ min: -1e6, max: 1e9 }), fc.double({ noNaN: true, noDefaultInfinity: true }))
  .map((n) => (n === 0 ? 0 : n));

const leaf: fc.Arbitrary<QueryNode> = fc.oneof(
  fc
    .record({
      field: fc.constantFrom(...stringFields),
      op: fc.constantFrom("eq", "prefix"),
      value: text,
    })
    .map((m): QueryNode => {
      const allowed = FIELD_VALUES[m.field];
      const value =
        allowed && m.op === "eq" ? (allowed[m.value.length % allowed.length] as string) : m.value;
      return { kind: "match", field: m.field, op: m.op as "eq" | "prefix", value };
    }),
  fc.record({
    kind: fc.constant("match" as const),
    field: fc.constantFrom("labels" as const, "args" as const),
    key,
    op: fc.constantFrom("eq" as const, "prefix" as const),
    value: text,
  }),
  fc.record({
    kind: fc.constant("range" as const),
    field: fc.constantFrom(...numberFields),
    op: fc.constantFrom(
      "eq" as const,
      "gt" as const,
      "gte" as const,
      "lt" as const,
      "lte" as const,
    ),
    value: number,
  }),
  fc.record({ field: fc.constantFrom(...numberFields), a: number, b: number }).map(
    ({ field, a, b }): QueryNode => ({
      kind: "between",
      field,
      from: Math.min(a, b),
      to: Math.max(a, b),
    }),
  ),
  text.map((value): QueryNode => ({ kind: "text", value })),
  text.map((value): QueryNode => ({ kind: "text", field: "arguments", value })),
);

/** Trees in the parser's normal form: and/or of two or more, never directly inside their own kind. */
export const queryNode: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthIdentifier: "q" },
    leaf,
    fc.record({ kind: fc.constant("not" as const), node: tie("node") }),
    fc
      .record({
        kind: fc.constantFrom("and" as const, "or" as const),
        nodes: fc.array(tie("node"), { minLength: 2, maxLength: 4 }),
      })
      .map(
        ({ kind, nodes }): QueryNode => ({
          kind,
          nodes: nodes.flatMap((n) => (n.kind === kind ? n.nodes : [n])),
        }),
      ),
  ),
})).node;
