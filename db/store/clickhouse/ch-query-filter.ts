import { type ChFragment, chsql, ident, joinSql } from "../../clickhouse/binder";
import type { MatchNode, NumberField, QueryNode, StringField } from "../query-node";

const COLUMNS: Record<Exclude<StringField, `actor.${"name" | "email" | "ip"}`>, string> = {
  id: "id",
  server: "server_name",
  method: "method",
  tool: "tool",
  actor: "actor_id",
  "actor.type": "actor_type",
  client: "client_name",
  agent: "agent_id",
  session: "session_id",
  conversation: "conversation_id",
  trace: "trace_id",
  outcome: "outcome",
  verdict: "verdict",
  policy: "policy_id",
  classification: "data_classification",
  "error.type": "error_type",
  args_hmac: "args_hmac",
  key: "ingest_key_id",
};

const NUMBERS: Record<NumberField, string> = {
  duration_ms: "duration_ms",
  result_bytes: "result_bytes",
  redactions: "redaction_count",
};

const RANGE_OPS = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/*
 * 18.16 has no JSON path functions (JSONExtract* came in 19.1), so documents are read with the
 * visitParam functions every version has: they find the first member of a name in the text.
 * Stored documents are written in the contract's order (ingest/prepare: id, time, server, …,
 * actor, …, arguments, …, labels, then server fields), so `actor` and `arguments` are the
 * top-level members, and `labels` is looked up after the arguments, where no client-chosen
 * member name can come first. Below `arguments`, a path finds the first member of each name at
 * any depth (documented in docs/query-language.md).
 */
const ARGS = chsql`visitParamExtractRaw(doc, 'arguments')`;
const AFTER_ARGS = chsql`if(position(doc, '"arguments":') > 0, substring(doc, position(doc, '"arguments":') + 12 + length(${ARGS})), doc)`;

function docRaw(n: MatchNode): ChFragment {
  if ("key" in n) {
    if (n.field === "labels")
      return chsql`visitParamExtractRaw(visitParamExtractRaw(${AFTER_ARGS}, 'labels'), ${n.key})`;
    let raw = ARGS;
    for (const seg of n.key.split(".")) raw = chsql`visitParamExtractRaw(${raw}, ${seg})`;
    return raw;
  }
  const member = n.field.slice("actor.".length);
  return chsql`visitParamExtractRaw(visitParamExtractRaw(doc, 'actor'), ${member})`;
}

/** The first `length(p)` bytes equal p: a byte prefix is a UTF-8 prefix (no startsWith in 18.16). */
function startsWith(s: ChFragment, p: string): ChFragment {
  return chsql`ifNull(substring(${s}, 1, length(${p})) = ${p}, 0)`;
}

function match(n: MatchNode): ChFragment {
  if (
    "key" in n ||
    n.field === "actor.name" ||
    n.field === "actor.email" ||
    n.field === "actor.ip"
  ) {
    // Compared as JSON text, as the SQL stores compare it (sql/query-filter.ts#docMatch).
    const raw = docRaw(n);
    const quoted = JSON.stringify(n.value);
    if (n.op === "prefix") return startsWith(raw, quoted.slice(0, -1));
    if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false)$/.test(n.value))
      return chsql`(${raw} = ${quoted} OR ${raw} = ${n.value})`;
    return chsql`(${raw} = ${quoted})`;
  }
  const col = chsql`${ident(COLUMNS[n.field])}`;
  return n.op === "prefix" ? startsWith(col, n.value) : chsql`ifNull(${col} = ${n.value}, 0)`;
}

/**
 * A parsed query as one condition over `events`; every leaf is 0 or 1, never NULL, so a negated
 * term keeps the events that have no value for its field. `freeText` is the filter's own
 * free-text condition, so that bare words mean what EventFilter.text means on this backend.
 */
export function chQueryCondition(
  node: QueryNode,
  freeText: (text: string) => ChFragment,
): ChFragment {
  const recur = (n: QueryNode): ChFragment => chQueryCondition(n, freeText);
  switch (node.kind) {
    case "and":
      return chsql`(${joinSql(node.nodes.map(recur), chsql` AND `)})`;
    case "or":
      return chsql`(${joinSql(node.nodes.map(recur), chsql` OR `)})`;
    case "not":
      return chsql`(NOT ${recur(node.node)})`;
    case "match":
      return match(node);
    case "range":
      return chsql`ifNull(${ident(NUMBERS[node.field])} ${chsql([RANGE_OPS[node.op]])} ${node.value}, 0)`;
    case "between":
      return chsql`ifNull(${ident(NUMBERS[node.field])} >= ${node.from} AND ${ident(NUMBERS[node.field])} <= ${node.to}, 0)`;
    case "text":
      return node.field
        ? chsql`(positionCaseInsensitiveUTF8(${ARGS}, ${node.value}) > 0)`
        : freeText(node.value);
  }
}
