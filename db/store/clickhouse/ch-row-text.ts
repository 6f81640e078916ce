import { z } from "zod";
import type { EventColumns, EventRow } from "../types";

/**
 * An event's line of JSONEachRow for the `events` table, built in two steps: `eventRowText`
 * encodes every column but the chain placement (on a prepare worker: escaping the document is the
 * costly part), and `placeRowText` prepends writer, batch and leaf once the event is sealed. The
 * writer then sends, and the write-ahead log stores, the lines as they are. JSONEachRow carries
 * values as data, never as SQL text.
 */
export function eventRowText(c: EventColumns, doc: string): string {
  // One object literal of fixed shape: JSON.stringify's fast path. Its "{" is dropped so that the
  // placement can be put in front without parsing anything.
  return JSON.stringify({
    tenant_id: c.tenantId,
    id: c.id,
    time_ms: Date.parse(c.time),
    received_at_ms: Date.parse(c.receivedAt),
    server_name: c.serverName,
    method: c.method,
    tool: c.tool,
    actor_id: c.actorId,
    actor_type: c.actorType,
    client_name: c.clientName,
    agent_id: c.agentId,
    session_id: c.sessionId,
    conversation_id: c.conversationId,
    trace_id: c.traceId,
    outcome: c.outcome,
    verdict: c.verdict,
    policy_id: c.policyId,
    data_classification: c.dataClassification,
    error_type: c.errorType,
    duration_ms: c.durationMs,
    result_bytes: c.resultBytes,
    redaction_count: c.redactionCount,
    args_hmac: c.argsHmac,
    ingest_key_id: c.ingestKeyId,
    doc,
  }).slice(1);
}

/** `writerJson` is the writer id as a JSON string (quoted once per batch, not per row). */
export function placeRowText(
  text: string,
  writerJson: string,
  batchSeq: number,
  leafIndex: number,
): string {
  return `{"writer_id":${writerJson},"batch_seq":${batchSeq},"leaf_index":${leafIndex},${text}`;
}

export function eventRowLine(r: EventRow): string {
  return placeRowText(eventRowText(r, r.doc), JSON.stringify(r.writerId), r.batchSeq, r.leafIndex);
}

const text = z.string();
const optional = z.string().nullable();
const num = z.number().nullable();

/** A line read back: only on the rare paths that need the columns (replay repair, tests). */
export const eventLine = z.object({
  writer_id: text,
  batch_seq: z.number(),
  leaf_index: z.number(),
  tenant_id: text,
  id: text,
  time_ms: z.number(),
  received_at_ms: z.number(),
  server_name: text,
  method: text,
  tool: optional,
  actor_id: text,
  actor_type: optional,
  client_name: optional,
  agent_id: optional,
  session_id: optional,
  conversation_id: optional,
  trace_id: optional,
  outcome: text,
  verdict: optional,
  policy_id: optional,
  data_classification: optional,
  error_type: optional,
  duration_ms: num,
  result_bytes: num,
  redaction_count: z.number(),
  args_hmac: optional,
  ingest_key_id: text,
  doc: text,
});

export type EventLine = z.infer<typeof eventLine>;

export function parseEventLine(line: string): EventLine {
  return eventLine.parse(JSON.parse(line));
}
