import { and, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { events } from "../../schema";
import { OWN_INGEST_KEY, OWN_SERVER_NAME } from "../own-activity";
import type { Dimension, EventFilter } from "../types";
import { likePattern, queryCondition, unparseableDoc } from "./query-filter";

export const DIMENSION_COLUMNS: Record<Dimension, PgColumn> = {
  server: events.serverName,
  tool: events.tool,
  actor: events.actorId,
  client: events.clientName,
  agent: events.agentId,
  outcome: events.outcome,
  verdict: events.verdict,
  policy: events.policyId,
  classification: events.dataClassification,
};

/** The tenant condition is the first term of every event query, by construction. */
export function eventConditions(tenantId: string, f: EventFilter): SQL {
  const terms: (SQL | undefined)[] = [sql`${events.tenantId} = ${tenantId}`];
  if (f.from) terms.push(gte(events.time, f.from));
  if (f.to) terms.push(lt(events.time, f.to));
  for (const dim of Object.keys(DIMENSION_COLUMNS) as Dimension[]) {
    const values = f[dim];
    if (values && values.length > 0) terms.push(inArray(DIMENSION_COLUMNS[dim], values));
  }
  if (f.session) terms.push(sql`${events.sessionId} = ${f.session}`);
  if (f.conversation) terms.push(sql`${events.conversationId} = ${f.conversation}`);
  if (f.trace) terms.push(sql`${events.traceId} = ${f.trace}`);
  if (f.text) terms.push(freeText(f.text));
  if (f.query) terms.push(queryCondition(f.query, freeText));
  if (f.activity === "mcp") terms.push(sql`NOT ${ownEvent()}`);
  if (f.activity === "dashboard") terms.push(ownEvent());
  return and(...terms) as SQL;
}

/**
 * Tooltrail's own events (own-activity.ts). The key is a literal, not a parameter, so that the
 * planner can prove the partial index `events_tenant_own_time` applies; both are constants.
 */
export function ownEvent(): SQL {
  return sql`(${events.ingestKeyId} = ${sql.raw(`'${OWN_INGEST_KEY}'`)} AND ${events.serverName} = ${OWN_SERVER_NAME})`;
}

/** Case-insensitive substring of tool, actor id, error message or any argument value. */
function freeText(text: string): SQL {
  const like = likePattern(text);
  // Where PostgreSQL's JSON operators would refuse the document (query-filter.ts#unparseableDoc),
  // its text stands in, as on ClickHouse.
  return sql`(${events.tool} ILIKE ${like} OR ${events.actorId} ILIKE ${like} OR CASE WHEN ${unparseableDoc()} THEN ${events.doc}::text ILIKE ${like} ELSE (${events.doc}->'error'->>'message') ILIKE ${like} OR (${events.doc}->'arguments')::text ILIKE ${like} END)`;
}
