import { z } from "zod";
import type { StoredEvent } from "../../../lib/core/contract";
import { chsql } from "../../clickhouse/binder";
import type { BatchRecord, QuarantineRow } from "../types";
import type { EventLine } from "./ch-row-text";

/** ClickHouse returns 64-bit integers as strings in JSON; rows are coerced and checked here. */
const int = z.coerce.number();

/** The columns every event read selects: the document and its place in the chain. */
export const DOC = chsql`doc, writer_id, batch_seq, leaf_index, time_ms, id`;

export const docRow = z.object({
  doc: z.string(),
  writer_id: z.string(),
  batch_seq: int,
  leaf_index: int,
  time_ms: int,
  id: z.string(),
});

export function toStoredEvent(r: z.infer<typeof docRow>): StoredEvent {
  const doc = JSON.parse(r.doc) as StoredEvent;
  doc.integrity = { writer_id: r.writer_id, batch_seq: r.batch_seq, leaf_index: r.leaf_index };
  return doc;
}

/** The row the event_ids view derives from an event row. */
export function eventIdRow(r: EventLine) {
  return {
    tenant_id: r.tenant_id,
    id: r.id,
    time_ms: r.time_ms,
    writer_id: r.writer_id,
    batch_seq: r.batch_seq,
  };
}

/** The row the events_by_actor view derives from an event row (ClickHouse migration 6). */
export function eventByActorRow(r: EventLine) {
  return {
    tenant_id: r.tenant_id,
    actor_id: r.actor_id,
    time_ms: r.time_ms,
    id: r.id,
    server_name: r.server_name,
    tool: r.tool,
    client_name: r.client_name,
    agent_id: r.agent_id,
    outcome: r.outcome,
    verdict: r.verdict,
    policy_id: r.policy_id,
    duration_ms: r.duration_ms,
    redaction_count: r.redaction_count,
    writer_id: r.writer_id,
    batch_seq: r.batch_seq,
  };
}

export function batchInsertRow(b: BatchRecord) {
  return {
    tenant_id: b.tenantId,
    writer_id: b.writerId,
    seq: b.seq,
    header: JSON.stringify(b.header),
    header_hash: b.headerHash,
    signature: b.signature,
    key_id: b.keyId,
    count: b.eventIds.length,
    leaves: b.leaves.toString("hex"),
    event_ids: JSON.stringify(b.eventIds),
    created_at_ms: b.createdAt.getTime(),
  };
}

export const batchRow = z.object({
  tenant_id: z.string(),
  writer_id: z.string(),
  seq: int,
  header: z.string(),
  header_hash: z.string(),
  signature: z.string(),
  key_id: z.string(),
  leaves: z.string(),
  event_ids: z.string(),
  created_at_ms: int,
});

export function toBatchRecord(r: z.infer<typeof batchRow>): BatchRecord {
  return {
    tenantId: r.tenant_id,
    writerId: r.writer_id,
    seq: r.seq,
    header: JSON.parse(r.header) as Record<string, unknown>,
    headerHash: r.header_hash,
    signature: r.signature,
    keyId: r.key_id,
    leaves: Buffer.from(r.leaves, "hex"),
    eventIds: JSON.parse(r.event_ids) as string[],
    createdAt: new Date(r.created_at_ms),
  };
}

/** Quarantine has no serial in ClickHouse: the sequence is receipt time, then position. */
export function quarantineInsertRow(q: QuarantineRow) {
  const received = Date.parse(q.receivedAt);
  return {
    tenant_id: q.tenantId,
    seq: received * 1000 + q.eventIndex,
    received_at_ms: received,
    ingest_key_id: q.ingestKeyId,
    request_id: q.requestId,
    event_index: q.eventIndex,
    event_id: q.eventId,
    errors: JSON.stringify(q.errors),
    raw: q.raw,
    raw_bytes: q.rawBytes,
  };
}

export const quarantineRow = z.object({
  tenant_id: z.string(),
  seq: int,
  received_at_ms: int,
  ingest_key_id: z.string(),
  request_id: z.string(),
  event_index: int,
  event_id: z.string().nullable(),
  errors: z.string(),
  raw: z.string(),
  raw_bytes: int,
});
