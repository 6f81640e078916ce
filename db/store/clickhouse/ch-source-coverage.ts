import { z } from "zod";
import { type ChFragment, chsql, ident, joinSql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import {
  COVERAGE_FIELDS,
  type CoverageField,
  type SourceCoverage,
  type TimeRange,
  UNIDENTIFIED_ACTOR_ID,
} from "../types";
import { eventWhere } from "./ch-filter";

/** The same definitions as the SQL store's, over the same projected columns. */
const FILLED: Record<CoverageField, ChFragment> = {
  actor_identity: chsql`actor_id != ${UNIDENTIFIED_ACTOR_ID}`,
  actor_type: chsql`actor_type IS NOT NULL`,
  client: chsql`client_name IS NOT NULL`,
  agent: chsql`agent_id IS NOT NULL`,
  session: chsql`session_id IS NOT NULL`,
  conversation: chsql`conversation_id IS NOT NULL`,
  trace: chsql`trace_id IS NOT NULL`,
  correlation: chsql`(session_id IS NOT NULL OR conversation_id IS NOT NULL OR trace_id IS NOT NULL)`,
  arguments: chsql`args_hmac IS NOT NULL`,
  duration: chsql`duration_ms IS NOT NULL`,
  result_size: chsql`result_bytes IS NOT NULL`,
  decision: chsql`verdict IS NOT NULL`,
  classification: chsql`data_classification IS NOT NULL`,
};

const int = z.coerce.number();
const row = z.object({
  ingest_key_id: z.string(),
  n: int,
  first_ms: int,
  last_ms: int,
  ...Object.fromEntries(COVERAGE_FIELDS.map((f) => [`f_${f}`, int])),
});

/** Per ingest key, in one scan with `FINAL` (replayed inserts are counted once). */
export async function chSourceCoverage(
  ch: ClickHouse,
  table: ChFragment,
  tenantId: string,
  range: TimeRange,
): Promise<SourceCoverage[]> {
  const counts = joinSql(
    COVERAGE_FIELDS.map((f) => chsql`countIf(${FILLED[f]}) AS ${ident(`f_${f}`)}`),
    chsql`, `,
  );
  const rows = await ch.query(
    chsql`SELECT ingest_key_id, count() AS n, min(time_ms) AS first_ms, max(time_ms) AS last_ms, ${counts}
      FROM ${table} FINAL WHERE ${eventWhere(tenantId, range)}
      GROUP BY ingest_key_id ORDER BY ingest_key_id`,
    row,
  );
  return rows.map((r) => {
    const rec = r as Record<string, number | string>;
    return {
      ingestKeyId: r.ingest_key_id,
      events: r.n,
      firstTime: new Date(r.first_ms),
      lastTime: new Date(r.last_ms),
      filled: Object.fromEntries(
        COVERAGE_FIELDS.map((f) => [f, Number(rec[`f_${f}`] ?? 0)]),
      ) as Record<CoverageField, number>,
    };
  });
}
