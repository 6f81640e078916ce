import type { QueryNode } from "./query-node";
import { DIMENSIONS, type Dimension, type EventFilter, type TopEntry } from "./types";

/** The explorer's facets, in the order it shows them. */
export const FACET_DIMENSIONS = [
  "actor",
  "tool",
  "server",
  "client",
  "outcome",
  "verdict",
] as const satisfies readonly Dimension[];

/**
 * How many events match. `exact` false: counting stopped at the read's cap, so there are at
 * least `count` (the explorer says "at least 100,000").
 */
export type EventTotal = { count: number; exact: boolean };

export type FacetQuery = {
  dimensions: readonly Dimension[];
  /** Values per dimension. */
  limit: number;
  /**
   * Raw events the facets no rollup answers are counted over at most, newest first (see Facet):
   * a sample that keeps such a read short.
   */
  sample: number;
  /** Raw events the total counts at most where no rollup answers (then it is not exact). */
  cap: number;
};

/**
 * One dimension's most frequent values over the filter, by count (ties by value), and what they
 * do not cover: `other` events have another value, `missing` none. `sample` is null when the
 * counts cover every matching event; otherwise they were counted over the newest `sample`
 * matching events only, because no rollup answers the filter and more than that many match.
 */
export type Facet = {
  dimension: Dimension;
  top: TopEntry[];
  other: number;
  missing: number;
  sample: number | null;
};

export type EventFacets = { total: EventTotal; facets: Facet[] };

/** A dimension's counts per value, with how many events had a value at all and how many were read. */
export type FacetCounts = { top: TopEntry[]; present: number };

/** The facet a dimension's counts make, given how many events they were counted over. */
export function toFacet(
  dimension: Dimension,
  counts: FacetCounts,
  over: number,
  sample: number | null,
): Facet {
  const shown = counts.top.reduce((n, e) => n + e.count, 0);
  return {
    dimension,
    top: counts.top,
    other: Math.max(0, counts.present - shown),
    missing: Math.max(0, over - counts.present),
    sample,
  };
}

const isDimension = (f: string): f is Dimension => (DIMENSIONS as readonly string[]).includes(f);

/** `field:value` terms (ORed on one field) that a dimension filter says the same way. */
function asDimension(n: QueryNode): { dim: Dimension; values: string[] } | null {
  if (
    n.kind === "match" &&
    !("key" in n) &&
    n.op === "eq" &&
    n.value !== "" &&
    isDimension(n.field)
  )
    return { dim: n.field, values: [n.value] };
  if (n.kind !== "or") return null;
  const parts = n.nodes.map(asDimension);
  const first = parts[0];
  if (!first || parts.some((p) => p === null || p.dim !== first.dim)) return null;
  return { dim: first.dim, values: parts.flatMap((p) => p?.values ?? []) };
}

/**
 * The same filter with the query's top-level `field:value` terms on dimensions (a facet click's
 * `tool:read_file`, or `tool:a OR tool:b`) moved into the dimension lists, so that rollups can
 * answer it: a query is raw-only (rollups.ts). The meaning is unchanged: a query term is false
 * for an event without a value, as `IN` is; an empty value or an empty intersection with the
 * filter's own list stays a query term (an empty list means no filter). Negations stay too.
 */
export function liftDimensionTerms(f: EventFilter): EventFilter {
  if (!f.query) return f;
  const nodes = f.query.kind === "and" ? f.query.nodes : [f.query];
  const out: EventFilter = { ...f };
  const rest: QueryNode[] = [];
  for (const n of nodes) {
    const term = asDimension(n);
    const had = term ? (out[term.dim] as string[] | undefined) : undefined;
    const values = term && had?.length ? term.values.filter((v) => had.includes(v)) : term?.values;
    if (!term || !values || values.length === 0) {
      rest.push(n);
      continue;
    }
    (out as Record<Dimension, string[]>)[term.dim] = [...new Set(values)];
  }
  if (rest.length === 0) delete out.query;
  else out.query = rest.length === 1 ? (rest[0] as QueryNode) : { kind: "and", nodes: rest };
  return out;
}
