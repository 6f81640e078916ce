import { z } from "zod";
import { type ChFragment, chsql, joinSql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import type { QuarantinedEvent, QuarantineFilter, QuarantineQuery } from "../types";
import { quarantineRow } from "./ch-rows";

const int = z.coerce.number();

/** The value of every "path" and "message" key in the errors' JSON text, still JSON-escaped. */
const ISSUE_TEXT = '"(?:path|message)":"((?:[^"\\\\]|\\\\.)*)"';

function where(tenantId: string, f: QuarantineFilter): ChFragment {
  const parts = [chsql`tenant_id = ${tenantId}`];
  if (f.range?.from) parts.push(chsql`received_at_ms >= ${f.range.from.getTime()}`);
  if (f.range?.to) parts.push(chsql`received_at_ms < ${f.range.to.getTime()}`);
  if (f.ingestKeyId !== undefined) parts.push(chsql`ingest_key_id = ${f.ingestKeyId}`);
  if (f.eventId !== undefined) parts.push(chsql`event_id = ${f.eventId}`);
  if (f.errorText) {
    // 18.16 has no JSON array functions: the errors column is JSON text, so the needle is
    // escaped the same way and looked for inside each extracted path or message. lower() folds
    // ASCII only, as the SQL stores' lower(… COLLATE "C") does.
    const needle = JSON.stringify(f.errorText).slice(1, -1);
    parts.push(
      chsql`arrayExists(s -> position(lower(s), lower(${needle})) > 0, extractAll(errors, ${ISSUE_TEXT}))`,
    );
  }
  return joinSql(parts, chsql` AND `);
}

/** One page of a tenant's quarantine (see TenantStore.listQuarantine). */
export async function chListQuarantine(
  ch: ClickHouse,
  table: ChFragment,
  tenantId: string,
  q: QuarantineQuery,
): Promise<QuarantinedEvent[]> {
  const newer = q.afterSeq !== undefined;
  const seq = [
    ...(q.beforeSeq === undefined ? [] : [chsql` AND seq < ${q.beforeSeq}`]),
    ...(newer ? [chsql` AND seq > ${q.afterSeq ?? 0}`] : []),
  ];
  // Newer pages start next to the cursor, so they read upwards and are turned round.
  const order = newer ? chsql`ASC` : chsql`DESC`;
  const rows = await ch.query(
    chsql`SELECT * FROM ${table} FINAL WHERE ${where(tenantId, q)}${joinSql(seq, chsql``)} ORDER BY seq ${order} LIMIT ${q.limit}`,
    quarantineRow,
  );
  const page = rows.map((r) => ({
    seq: r.seq,
    tenantId: r.tenant_id,
    receivedAt: new Date(r.received_at_ms).toISOString(),
    ingestKeyId: r.ingest_key_id,
    requestId: r.request_id,
    eventIndex: r.event_index,
    eventId: r.event_id,
    errors: JSON.parse(r.errors) as QuarantinedEvent["errors"],
    raw: r.raw,
    rawBytes: r.raw_bytes,
  }));
  return newer ? page.reverse() : page;
}

export async function chCountQuarantine(
  ch: ClickHouse,
  table: ChFragment,
  tenantId: string,
  f: QuarantineFilter,
): Promise<number> {
  const [row] = await ch.query(
    chsql`SELECT count() AS n FROM ${table} FINAL WHERE ${where(tenantId, f)}`,
    z.object({ n: int }),
  );
  return row?.n ?? 0;
}
