import type { StoredEvent } from "../../lib/core/contract";
import { matchesQuery } from "./event-query-model";
import { OWN_INGEST_KEY, OWN_SERVER_NAME } from "./own-activity";
import { DIMENSIONS, type Dimension, type EventFilter } from "./types";

/** A dimension's value of a document, as ingestion projects it (null: none). */
export function dimensionValue(doc: StoredEvent, d: Dimension): string | null {
  const values: Record<Dimension, string | undefined> = {
    server: doc.server.name,
    tool: doc.tool,
    actor: doc.actor.id,
    client: doc.client?.name,
    agent: doc.agent?.id ?? doc.agent?.name,
    outcome: doc.outcome,
    verdict: doc.decision?.verdict,
    policy: doc.decision?.policy_id,
    classification: doc.data_classification,
  };
  return values[d] ?? null;
}

/**
 * EventFilter's meaning over documents, in plain TypeScript (free text aside: its reach differs
 * by backend by design), for the facet suite (event-facets.suite.ts) to hold every store to.
 */
export function matchesFilter(doc: StoredEvent, f: EventFilter): boolean {
  if (f.text !== undefined) throw new Error("free text has no model");
  const t = Date.parse(doc.time);
  if (f.from && t < f.from.getTime()) return false;
  if (f.to && t >= f.to.getTime()) return false;
  for (const d of DIMENSIONS) {
    const values = f[d] as string[] | undefined;
    if (values?.length && !values.includes(dimensionValue(doc, d) ?? "\u0000none")) return false;
  }
  if (f.session && doc.session_id !== f.session) return false;
  if (f.conversation && doc.conversation_id !== f.conversation) return false;
  if (f.trace && doc.trace_id !== f.trace) return false;
  if (f.query && !matchesQuery(doc, f.query)) return false;
  const own = doc.ingest_key_id === OWN_INGEST_KEY && doc.server.name === OWN_SERVER_NAME;
  if (f.activity === "mcp" && own) return false;
  if (f.activity === "dashboard" && !own) return false;
  return true;
}

/** Every value of a dimension with its count over the documents, most frequent first. */
export function valueCounts(docs: readonly StoredEvent[], d: Dimension) {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const doc of docs) {
    const v = dimensionValue(doc, d);
    if (v === null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const all = [...counts].map(([key, count]) => ({ key, count }));
  all.sort((a, b) => b.count - a.count);
  return { all, missing };
}
