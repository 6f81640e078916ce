import type { KeyObject } from "node:crypto";
import type { BatchRecord, SealedBatch, Store } from "../../db/store/types";
import {
  type BatchHeader,
  GENESIS_HASH,
  headerHash,
  merkleRoot,
  signHeader,
} from "../../lib/core/integrity";
import type { PreparedEvent } from "../prepare/prepare";
import { batchRows } from "../prepare/rows";

/** This process's writer: its id, signing key, and the head of each tenant's chain it extends. */
export class BatchSealer {
  private readonly heads = new Map<string, { seq: number; headerHash: string }>();

  constructor(
    readonly writerId: string,
    readonly keyId: string,
    private readonly privateKey: KeyObject,
  ) {}

  async head(store: Store, tenantId: string) {
    let head = this.heads.get(tenantId);
    if (!head) {
      const stored = await store.forTenant(tenantId).chainHead(this.writerId);
      head = stored ?? { seq: 0, headerHash: GENESIS_HASH };
      this.heads.set(tenantId, head);
    }
    return head;
  }

  /** After a failed or raced commit the cached heads may be wrong; reload from the store. */
  forgetHeads(): void {
    this.heads.clear();
  }

  /** Moves a chain head forward (never back), e.g. to batches sealed into the spool earlier. */
  advanceTo(tenantId: string, seq: number, headerHash: string): void {
    const head = this.heads.get(tenantId);
    if (!head || head.seq < seq) this.heads.set(tenantId, { seq, headerHash });
  }

  advance(records: BatchRecord[]): void {
    for (const r of records) this.heads.set(r.tenantId, { seq: r.seq, headerHash: r.headerHash });
  }

  sign(hash: string): string {
    return signHeader(hash, this.privateKey);
  }
}

/** Places `events` as the next batch of the tenant's chain and signs its header. */
export async function sealTenantBatch(
  sealer: BatchSealer,
  store: Store,
  tenantId: string,
  events: PreparedEvent[],
): Promise<SealedBatch> {
  const head = await sealer.head(store, tenantId);
  const seq = head.seq + 1;
  const createdAt = new Date();
  let first = events[0]?.time ?? "";
  let last = first;
  for (const e of events) {
    if (e.time < first) first = e.time;
    if (e.time > last) last = e.time;
  }
  const leaves = events.map((e) => e.leaf);
  const header: BatchHeader = {
    v: 1,
    tenant_id: tenantId,
    writer_id: sealer.writerId,
    seq,
    prev: head.headerHash,
    root: merkleRoot(leaves).toString("hex"),
    count: events.length,
    first_time: first,
    last_time: last,
    created_at: createdAt.toISOString(),
  };
  const hash = headerHash(header);
  const record: BatchRecord = {
    tenantId,
    writerId: sealer.writerId,
    seq,
    header,
    headerHash: hash,
    signature: sealer.sign(hash),
    keyId: sealer.keyId,
    leaves: Buffer.concat(leaves),
    eventIds: events.map((e) => e.id),
    createdAt,
  };
  return { record, rows: batchRows(events, sealer.writerId, seq, store.rowEncoding) };
}
