import { and, gte, inArray, lt, type SQL, sql } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { events } from "../../schema";
import type { Dimension, EventFilter } from "../types";

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

/** A JSON escape of U+0000 or of a surrogate (the document's JSON.stringify writes lowercase). */
const UNPARSEABLE = String.raw`\\u(0000|d[89a-f])`;

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
  if (f.text) {
    const like = `%${f.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const doc = sql`${events.doc}::text`;
    // Documents stored before ingestion repaired strings may hold \u0000 or a lone surrogate's
    // escape, which PostgreSQL's JSON operators refuse (failing the whole query): for those the
    // document's text stands in, as on ClickHouse. strpos first: few documents hold any \u.
    terms.push(
      sql`(${events.tool} ILIKE ${like} OR ${events.actorId} ILIKE ${like} OR CASE WHEN strpos(${doc}, ${"\\u"}) > 0 AND ${doc} ~ ${UNPARSEABLE} THEN ${doc} ILIKE ${like} ELSE (${events.doc}->'error'->>'message') ILIKE ${like} OR (${events.doc}->'arguments')::text ILIKE ${like} END)`,
    );
  }
  return and(...terms) as SQL;
}
