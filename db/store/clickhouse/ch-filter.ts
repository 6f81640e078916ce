import { type ChFragment, chsql, ident, joinSql } from "../../clickhouse/binder";
import { OWN_INGEST_KEY, OWN_SERVER_NAME } from "../own-activity";
import type { Dimension, EventFilter } from "../types";
import { chQueryCondition } from "./ch-query-filter";

export const DIMENSION_COLUMNS: Record<Dimension, string> = {
  server: "server_name",
  tool: "tool",
  actor: "actor_id",
  client: "client_name",
  agent: "agent_id",
  outcome: "outcome",
  verdict: "verdict",
  policy: "policy_id",
  classification: "data_classification",
};

/** `(v1, v2, …)`: a list every server version accepts after IN, with each value bound. */
export function list(values: readonly (string | number)[]): ChFragment {
  return chsql`(${joinSql(
    values.map((v) => chsql`${v}`),
    chsql`, `,
  )})`;
}

/** The tenant is the first condition of every event query, by construction. */
export function eventWhere(tenantId: string, f: EventFilter): ChFragment {
  const terms: ChFragment[] = [chsql`tenant_id = ${tenantId}`];
  if (f.from) terms.push(chsql`time_ms >= ${f.from.getTime()}`);
  if (f.to) terms.push(chsql`time_ms < ${f.to.getTime()}`);
  terms.push(...dimensionTerms(f));
  if (f.session) terms.push(chsql`session_id = ${f.session}`);
  if (f.conversation) terms.push(chsql`conversation_id = ${f.conversation}`);
  if (f.trace) terms.push(chsql`trace_id = ${f.trace}`);
  if (f.text) terms.push(freeText(f.text));
  if (f.query) terms.push(chQueryCondition(f.query, freeText));
  if (f.activity === "mcp") terms.push(chsql`NOT ${OWN_EVENT}`);
  if (f.activity === "dashboard") terms.push(OWN_EVENT);
  return joinSql(terms, chsql` AND `);
}

/** Tooltrail's own events (own-activity.ts). */
export const OWN_EVENT = chsql`(ingest_key_id = ${OWN_INGEST_KEY} AND server_name = ${OWN_SERVER_NAME})`;

/** `column IN (…)` for each dimension the filter names; rollups keep the same column names. */
export function dimensionTerms(f: EventFilter): ChFragment[] {
  const terms: ChFragment[] = [];
  for (const dim of Object.keys(DIMENSION_COLUMNS) as Dimension[]) {
    const values = f[dim];
    if (values && values.length > 0)
      terms.push(chsql`${ident(DIMENSION_COLUMNS[dim])} IN ${list(values)}`);
  }
  return terms;
}

/** Case-insensitive substring; 18.16 has no JSON path functions, so the document stands in for error message and arguments. */
function freeText(text: string): ChFragment {
  return chsql`(positionCaseInsensitiveUTF8(ifNull(tool, ''), ${text}) > 0 OR positionCaseInsensitiveUTF8(actor_id, ${text}) > 0 OR positionCaseInsensitiveUTF8(doc, ${text}) > 0)`;
}
