import type { Dimension } from "../../db/store/types";
import { FILTER_LIMITS } from "./filters";
import { parseQuery, printQuery } from "./query-language";

/**
 * The search text after a facet click: the view's query and `field:value` (or `-field:value`),
 * the term written by the query language's own printer, so that any value (quotes, spaces,
 * backslashes, `OR`) reads back as itself. A query whose top level is an OR is parenthesised
 * first, so the new term narrows all of it. Null when the result would not be accepted as a
 * search (longer than the explorer takes): the facet then shows no link.
 */
export function facetQueryText(
  current: string,
  dimension: Dimension,
  value: string,
  exclude: boolean,
): string | null {
  const match = { kind: "match", field: dimension, op: "eq", value } as const;
  const term = printQuery(exclude ? { kind: "not", node: match } : match);
  const text = current.trim();
  let next = term;
  if (text) {
    const parsed = parseQuery(text, { allowPayload: true });
    next = parsed?.kind === "or" ? `(${text}) ${term}` : `${text} ${term}`;
  }
  if (next.length > FILTER_LIMITS.textChars) return null;
  try {
    parseQuery(next, { allowPayload: true });
  } catch {
    return null;
  }
  return next;
}
