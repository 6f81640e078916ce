import { OUTCOMES } from "@/lib/core/contract";
import { type ViewState, viewQuery, windowQuery } from "@/lib/queries/filters";
import { NO_POLICY } from "@/lib/queries/overview";
import { parseQuery, printQuery } from "@/lib/queries/query-language";

type Links = Record<string, string>;

/**
 * Where the overview's charts lead: each bucket and each bucket's series to the explorer over
 * that bucket, each legend item to the explorer over the whole range, filtered to its series.
 * A policy is a search term (`policy:<name>`, or `-policy:*` for denials that named none),
 * written by the query language's printer and added to the view's own search.
 */
export function overviewChartLinks(
  view: ViewState,
  base: string,
  buckets: readonly { t: number }[],
  policies: readonly string[],
) {
  const explorer = (q: string) => `${base}/events?${q}`;
  const calls: Links = {};
  const denials: Links = {};
  const policyTerm: Record<string, string | null> = {};
  for (const p of policies) policyTerm[p] = withTerm(view.text, policyNode(p));
  for (const b of buckets) {
    const from = new Date(b.t);
    const to = new Date(b.t + view.bucketSeconds * 1000);
    calls[String(b.t)] = explorer(windowQuery(view, from, to));
    for (const o of OUTCOMES)
      calls[`${b.t}|${o}`] = explorer(windowQuery(view, from, to, { outcome: o }));
    denials[String(b.t)] = explorer(windowQuery(view, from, to, { outcome: "denied" }));
    for (const p of policies) {
      const q = policyTerm[p];
      if (q)
        denials[`${b.t}|${p}`] = explorer(windowQuery(view, from, to, { outcome: "denied", q }));
    }
  }
  const outcomeLegend: Links = Object.fromEntries(
    OUTCOMES.map((o) => [o, explorer(viewQuery(view, { outcome: o }))]),
  );
  const policyLegend: Links = {};
  for (const p of policies) {
    const q = policyTerm[p];
    if (q) policyLegend[p] = explorer(viewQuery(view, { outcome: "denied", q }));
  }
  return { calls, denials, outcomeLegend, policyLegend };
}

function policyNode(p: string): string {
  return p === NO_POLICY
    ? "-policy:*"
    : printQuery({ kind: "match", field: "policy", op: "eq", value: p });
}

/** The view's search and the term, or null when that is not a search the explorer takes. */
function withTerm(current: string, term: string): string | null {
  const text = current.trim();
  const next = text ? `(${text}) ${term}` : term;
  try {
    parseQuery(next, { allowPayload: true });
    return next;
  } catch {
    return null;
  }
}
