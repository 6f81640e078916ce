import type { EventRow } from "../db/store/types";
import type { StoredEvent } from "../lib/contract";
import type { PreparedEvent } from "./prepare";

/** An event's columns before it has a place in a chain (writer, batch, leaf) and its text. */
export type EventColumns = Omit<EventRow, "writerId" | "batchSeq" | "leafIndex" | "doc">;

/** Projects a stored document onto the events table's columns. */
export function eventColumns(d: StoredEvent): EventColumns {
  let redactionCount = 0;
  for (const r of d.redactions ?? []) redactionCount += r.count;
  return {
    tenantId: d.tenant_id,
    id: d.id,
    time: d.time,
    receivedAt: d.received_at,
    serverName: d.server.name,
    method: d.method,
    tool: d.tool ?? null,
    actorId: d.actor.id,
    actorType: d.actor.type ?? null,
    clientName: d.client?.name ?? null,
    agentId: d.agent?.id ?? d.agent?.name ?? null,
    sessionId: d.session_id ?? null,
    conversationId: d.conversation_id ?? null,
    traceId: d.trace_id ?? null,
    outcome: d.outcome,
    verdict: d.decision?.verdict ?? null,
    policyId: d.decision?.policy_id ?? null,
    dataClassification: d.data_classification ?? null,
    errorType: d.error?.type ?? null,
    durationMs: d.duration_ms ?? null,
    resultBytes: d.result_bytes ?? null,
    redactionCount,
    argsHmac: d.args_hmac ?? null,
    ingestKeyId: d.ingest_key_id,
  };
}

/** The row stored for a prepared event at its place in a batch. */
export function toEventRow(
  p: PreparedEvent,
  writerId: string,
  batchSeq: number,
  leafIndex: number,
): EventRow {
  return { ...p.columns, writerId, batchSeq, leafIndex, doc: p.docText };
}
