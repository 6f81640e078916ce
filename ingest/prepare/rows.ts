import { encodeEventRow, placeEventRows } from "../../db/store/row-encoding";
import type { EncodedRows, EventColumns, EventRow, RowEncoding } from "../../db/store/types";
import type { StoredEvent } from "../../lib/core/contract";
import type { PreparedEvent } from "./prepare";

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

/** The row in the encoding the store takes (on a prepare worker), or its columns. */
export function encodeRow(
  columns: EventColumns,
  docText: string,
  encoding: RowEncoding | null,
): EventColumns | string {
  return encoding === null ? columns : encodeEventRow(encoding, columns, docText);
}

/** A batch's rows at their places: objects, or lines in the encoding the events carry. */
export function batchRows(
  events: readonly PreparedEvent[],
  writerId: string,
  batchSeq: number,
  encoding: RowEncoding | null,
): EventRow[] | EncodedRows {
  if (encoding === null) return events.map((e, i) => toEventRow(e, writerId, batchSeq, i));
  return { encoding, lines: placeEventRows(encoding, events.map(encoded), writerId, batchSeq) };
}

/** The row stored for a prepared event at its place in a batch. */
export function toEventRow(
  p: PreparedEvent,
  writerId: string,
  batchSeq: number,
  leafIndex: number,
): EventRow {
  if (typeof p.row === "string") throw new Error("this event was encoded for another store");
  return { ...p.row, writerId, batchSeq, leafIndex, doc: p.docText };
}

function encoded(p: PreparedEvent): string {
  if (typeof p.row !== "string") throw new Error("this event was not encoded for the store");
  return p.row;
}
