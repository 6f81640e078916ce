import type { StoredEvent } from "../../lib/core/contract";
import type { MatchNode, QueryNode } from "./query-node";

/**
 * The query language's meaning written over documents in plain TypeScript, independently of
 * every backend's SQL: the shared suite (event-query.suite.ts) holds each store to it. Free text
 * is left out: its reach differs by backend by design (ClickHouse searches the whole document).
 */
export function matchesQuery(doc: StoredEvent, node: QueryNode): boolean {
  switch (node.kind) {
    case "and":
      return node.nodes.every((n) => matchesQuery(doc, n));
    case "or":
      return node.nodes.some((n) => matchesQuery(doc, n));
    case "not":
      return !matchesQuery(doc, node.node);
    case "match":
      return matchValue(fieldValue(doc, node), node);
    case "range": {
      const v = numberOf(doc, node.field);
      if (v === null) return false;
      const x = node.value;
      return { eq: v === x, gt: v > x, gte: v >= x, lt: v < x, lte: v <= x }[node.op];
    }
    case "between": {
      const v = numberOf(doc, node.field);
      return v !== null && v >= node.from && v <= node.to;
    }
    case "text":
      if (node.field !== "arguments") throw new Error("free text has no model");
      return (
        doc.arguments !== undefined &&
        JSON.stringify(doc.arguments).toLowerCase().includes(node.value.toLowerCase())
      );
  }
}

function numberOf(doc: StoredEvent, field: "duration_ms" | "result_bytes" | "redactions") {
  if (field === "redactions") return (doc.redactions ?? []).reduce((n, r) => n + r.count, 0);
  return (field === "duration_ms" ? doc.duration_ms : doc.result_bytes) ?? null;
}

function member(v: unknown, name: string): unknown {
  return typeof v === "object" && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)[name]
    : undefined;
}

function fieldValue(doc: StoredEvent, n: MatchNode): unknown {
  if ("key" in n) {
    if (n.field === "labels") return member(doc.labels, n.key);
    return n.key.split(".").reduce<unknown>((v, seg) => member(v, seg), doc.arguments);
  }
  const columns: Record<MatchNode["field"], unknown> = {
    id: doc.id,
    server: doc.server.name,
    method: doc.method,
    tool: doc.tool,
    actor: doc.actor.id,
    "actor.type": doc.actor.type,
    "actor.name": doc.actor.name,
    "actor.email": doc.actor.email,
    "actor.ip": doc.actor.ip,
    client: doc.client?.name,
    agent: doc.agent?.id ?? doc.agent?.name,
    session: doc.session_id,
    conversation: doc.conversation_id,
    trace: doc.trace_id,
    outcome: doc.outcome,
    verdict: doc.decision?.verdict,
    policy: doc.decision?.policy_id,
    classification: doc.data_classification,
    "error.type": doc.error?.type,
    args_hmac: doc.args_hmac,
    key: doc.ingest_key_id,
    labels: undefined,
    args: undefined,
  };
  return columns[n.field];
}

function matchValue(v: unknown, n: MatchNode): boolean {
  if (typeof v === "string") return n.op === "prefix" ? v.startsWith(n.value) : v === n.value;
  // A number or boolean argument matches its JSON literal, never a prefix.
  if (n.op === "eq" && (typeof v === "number" || typeof v === "boolean"))
    return JSON.stringify(v) === n.value;
  return false;
}
