import { z } from "zod";
import type { StoredEvent } from "../../../lib/contract";
import { chsql } from "../../clickhouse/binder";
import type { BatchRecord, EventRow, QuarantineRow } from "../types";

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

export function eventInsertRow(r: EventRow) {
  return {
    tenant_id: r.tenantId,
    id: r.id,
    time_ms: Date.parse(r.time),
    received_at_ms: Date.parse(r.receivedAt),
    server_name: r.serverName,
    method: r.method,
    tool: r.tool,
    actor_id: r.actorId,
    actor_type: r.actorType,
    client_name: r.clientName,
    agent_id: r.agentId,
    session_id: r.sessionId,
    conversation_id: r.conversationId,
    trace_id: r.traceId,
    outcome: r.outcome,
    verdict: r.verdict,
    policy_id: r.policyId,
    data_classification: r.dataClassification,
    error_type: r.errorType,
    duration_ms: r.durationMs,
    result_bytes: r.resultBytes,
    redaction_count: r.redactionCount,
    args_hmac: r.argsHmac,
    ingest_key_id: r.ingestKeyId,
    writer_id: r.writerId,
    batch_seq: r.batchSeq,
    leaf_index: r.leafIndex,
    doc: r.doc,
  };
}

/** The row the event_ids view derives from an event row. */
export function eventIdRow(r: EventRow) {
  return {
    tenant_id: r.tenantId,
    id: r.id,
    time_ms: Date.parse(r.time),
    writer_id: r.writerId,
    batch_seq: r.batchSeq,
  };
}

/** The row the events_by_actor view derives from an event row (ClickHouse migration 6). */
export function eventByActorRow(r: EventRow) {
  return {
    tenant_id: r.tenantId,
    actor_id: r.actorId,
    time_ms: Date.parse(r.time),
    id: r.id,
    server_name: r.serverName,
    tool: r.tool,
    client_name: r.clientName,
    agent_id: r.agentId,
    outcome: r.outcome,
    verdict: r.verdict,
    policy_id: r.policyId,
    duration_ms: r.durationMs,
    redaction_count: r.redactionCount,
    writer_id: r.writerId,
    batch_seq: r.batchSeq,
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
