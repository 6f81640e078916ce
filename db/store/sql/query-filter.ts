import { type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { events } from "../../schema";
import type { MatchNode, NumberField, QueryNode, StringField } from "../query-node";

const COLUMNS: Record<Exclude<StringField, `actor.${"name" | "email" | "ip"}`>, PgColumn> = {
  id: events.id,
  server: events.serverName,
  method: events.method,
  tool: events.tool,
  actor: events.actorId,
  "actor.type": events.actorType,
  client: events.clientName,
  agent: events.agentId,
  session: events.sessionId,
  conversation: events.conversationId,
  trace: events.traceId,
  outcome: events.outcome,
  verdict: events.verdict,
  policy: events.policyId,
  classification: events.dataClassification,
  "error.type": events.errorType,
  args_hmac: events.argsHmac,
  key: events.ingestKeyId,
};

const NUMBERS: Record<NumberField, PgColumn> = {
  duration_ms: events.durationMs,
  result_bytes: events.resultBytes,
  redactions: events.redactionCount,
};

const RANGE_OPS = { eq: "=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** A JSON escape of U+0000 or of a surrogate (the document's JSON.stringify writes lowercase). */
const UNPARSEABLE = String.raw`\\u(0000|d[89a-f])`;

/**
 * Documents stored before ingestion repaired strings may hold \u0000 or a lone surrogate's
 * escape, which PostgreSQL's JSON operators refuse (failing the whole query). strpos first: few
 * documents hold any \u.
 */
export function unparseableDoc(): SQL {
  const doc = sql`${events.doc}::text`;
  return sql`(strpos(${doc}, ${"\\u"}) > 0 AND ${doc} ~ ${UNPARSEABLE})`;
}

export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The JSON text at a path of the document (json keeps the exact text: no unescaping). */
function docPath(path: readonly string[]): SQL {
  let out = sql`${events.doc}`;
  for (const p of path) out = sql`(${out} -> (${p}::text))`;
  return sql`(${out})::text`;
}

function docMatch(path: readonly string[], n: MatchNode): SQL {
  const raw = docPath(path);
  // Compared as JSON text, escaped as the document's JSON.stringify escapes: the same on every
  // backend. A number or boolean argument matches its literal (`args.count:3`).
  const quoted = JSON.stringify(n.value);
  const cond =
    n.op === "prefix"
      ? sql`starts_with(${raw}, ${quoted.slice(0, -1)}::text)`
      : /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false)$/.test(n.value)
        ? sql`${raw} IN (${quoted}::text, ${n.value}::text)`
        : sql`${raw} = ${quoted}::text`;
  return sql`CASE WHEN ${unparseableDoc()} THEN false ELSE coalesce(${cond}, false) END`;
}

function match(n: MatchNode): SQL {
  if ("key" in n) {
    const path = n.field === "labels" ? ["labels", n.key] : ["arguments", ...n.key.split(".")];
    return docMatch(path, n);
  }
  if (n.field === "actor.name" || n.field === "actor.email" || n.field === "actor.ip")
    return docMatch(n.field.split("."), n);
  const col = COLUMNS[n.field];
  return n.op === "prefix"
    ? sql`coalesce(starts_with(${col}, ${n.value}::text), false)`
    : sql`coalesce(${col} = ${n.value}::text, false)`;
}

/**
 * A parsed query as one condition over `events`; every leaf is true or false, never NULL, so a
 * negated term keeps the events that have no value for its field. `freeText` is the filter's own
 * free-text condition, shared so that bare words mean what EventFilter.text means.
 */
export function queryCondition(node: QueryNode, freeText: (text: string) => SQL): SQL {
  const recur = (n: QueryNode): SQL => queryCondition(n, freeText);
  switch (node.kind) {
    case "and":
      return sql`(${sql.join(node.nodes.map(recur), sql` AND `)})`;
    case "or":
      return sql`(${sql.join(node.nodes.map(recur), sql` OR `)})`;
    case "not":
      return sql`(NOT ${recur(node.node)})`;
    case "match":
      return match(node);
    case "range":
      return sql`coalesce(${NUMBERS[node.field]} ${sql.raw(RANGE_OPS[node.op])} ${node.value}::double precision, false)`;
    case "between":
      return sql`coalesce(${NUMBERS[node.field]} BETWEEN ${node.from}::double precision AND ${node.to}::double precision, false)`;
    case "text": {
      if (!node.field) return sql`coalesce(${freeText(node.value)}, false)`;
      const like = likePattern(node.value);
      return sql`coalesce(CASE WHEN ${unparseableDoc()} THEN ${events.doc}::text ILIKE ${like} ELSE (${events.doc} -> 'arguments')::text ILIKE ${like} END, false)`;
    }
  }
}
