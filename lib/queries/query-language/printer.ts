import type { QueryNode } from "../../../db/store/query-node";

/** Values that read back the same without quotes (after a field's colon). */
const BARE_VALUE = /^[A-Za-z0-9_.@/+-]+$/;
/** Free text that reads back the same without quotes: not an operator, a keyword or a field. */
const BARE_TEXT = /^[A-Za-z0-9_.@/+][A-Za-z0-9_.@/+-]*$/;
const KEYWORDS = new Set(["OR", "AND", "NOT"]);
const OPS = { eq: "", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function value(s: string): string {
  return BARE_VALUE.test(s) ? s : quote(s);
}

/**
 * The canonical text of a query: parsing it gives the same tree (the property the tests check),
 * so a parsed query can be shown, linked and saved as text. OR inside AND is parenthesised.
 */
export function printQuery(node: QueryNode): string {
  switch (node.kind) {
    case "and":
      return node.nodes
        .map((n) => (n.kind === "or" ? `(${printQuery(n)})` : printQuery(n)))
        .join(" ");
    case "or":
      return node.nodes.map(printQuery).join(" OR ");
    case "not": {
      const inner = printQuery(node.node);
      return node.node.kind === "and" || node.node.kind === "or" ? `-(${inner})` : `-${inner}`;
    }
    case "match": {
      const name = "key" in node ? `${node.field}.${node.key}` : node.field;
      if (node.op === "prefix") return `${name}:${node.value === "" ? "" : value(node.value)}*`;
      return `${name}:${value(node.value)}`;
    }
    case "range":
      return `${node.field}:${OPS[node.op]}${node.value}`;
    case "between":
      return `${node.field}:${node.from}..${node.to}`;
    case "text":
      if (node.field) return `${node.field}:${value(node.value)}`;
      return BARE_TEXT.test(node.value) && !KEYWORDS.has(node.value)
        ? node.value
        : quote(node.value);
  }
}
