import type { EventRow } from "../db/store/types";
import type { PreparedEvent } from "./prepare";

/** Projects a stored document onto the events table's columns. */
export function toEventRow(
  p: PreparedEvent,
  writerId: string,
  batchSeq: number,
  leafIndex: number,
): EventRow {
  const d = p.doc;
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
    redactionCount: (d.redactions ?? []).reduce((n, r) => n + r.count, 0),
    argsHmac: d.args_hmac ?? null,
    ingestKeyId: d.ingest_key_id,
    writerId,
    batchSeq,
    leafIndex,
    doc: p.docText,
  };
}
