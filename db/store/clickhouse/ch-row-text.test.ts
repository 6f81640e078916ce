import { describe, expect, it } from "vitest";
import { HOSTILE, hostileRow as row } from "../../../test/fixtures/event-rows";
import { eventRowLine, eventRowText, parseEventLine, placeRowText } from "./ch-row-text";

describe("ClickHouse row lines", () => {
  it("parse back to every column of the row, for hostile strings and nulls", () => {
    for (let i = 0; i < HOSTILE.length; i++) {
      const r = row(i);
      const line = eventRowLine(r);
      expect(line).not.toMatch(/[\n\r\0]/);
      expect(line.split("\t")).toHaveLength(28);
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
    // A value that looks like fields or rows cannot add or override a column.
    const r = { ...row(1), tenantId: "x\tw-2\t9\t9", doc: "{}\nw-2\t1\t1" };
    const line = placeRowText(eventRowText(r, r.doc), "w-1", 42, 7);
    const parsed = parseEventLine(line);
    expect([parsed.writer_id, parsed.batch_seq, parsed.leaf_index]).toEqual(["w-1", 42, 7]);
    expect(parsed.tenant_id).toBe(r.tenantId);
  });
});
