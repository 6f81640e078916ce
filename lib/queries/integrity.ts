import type { TenantStore } from "../../db/store/types";
import type { StoredEvent } from "../core/contract";
import { type IntegrityFinding, verifyBatch, verifyChain } from "../core/integrity";

export type BatchStatus =
  | { state: "verified"; writerId: string; seq: number; events: number; headerHash: string }
  | { state: "broken"; writerId: string; seq: number; findings: IntegrityFinding[] }
  | { state: "unsealed"; reason: string };

/**
 * Integrity of the batch holding one event, recomputed now from the stored rows: header hash,
 * writer signature, Merkle root over every event of the batch, and the link to the previous batch.
 */
export async function eventBatchStatus(
  store: TenantStore,
  publicKeys: ReadonlyMap<string, string>,
  event: StoredEvent,
): Promise<BatchStatus> {
  const at = event.integrity;
  if (!at) return { state: "unsealed", reason: "the event records no batch" };
  const window = await store.listBatches(at.writer_id, Math.max(1, at.batch_seq - 1), 2);
  const batch = window.find((b) => b.seq === at.batch_seq);
  if (!batch)
    return {
      state: "broken",
      writerId: at.writer_id,
      seq: at.batch_seq,
      findings: [
        {
          kind: "inserted",
          tenant_id: event.tenant_id,
          writer_id: at.writer_id,
          seq: at.batch_seq,
          event_id: event.id,
          detail: "the event claims a batch that does not exist",
        },
      ],
    };
  const docs = await store.eventsOfBatch(at.writer_id, at.batch_seq);
  const findings = [
    ...verifyBatch(batch, docs, { publicKeys }),
    ...verifyChain(window, {
      expectStartSeq: at.batch_seq === 1 ? 1 : undefined,
    }).filter((f) => f.seq === at.batch_seq),
  ];
  if (findings.length > 0)
    return { state: "broken", writerId: at.writer_id, seq: at.batch_seq, findings };
  return {
    state: "verified",
    writerId: at.writer_id,
    seq: at.batch_seq,
    events: docs.length,
    headerHash: batch.headerHash,
  };
}
