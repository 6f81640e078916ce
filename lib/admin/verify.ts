import { z } from "zod";
import type { BatchRecord } from "../../db/store/types";
import type { StoredEvent } from "../contract";
import {
  type IntegrityFinding,
  type VerifiableBatch,
  verifyBatch,
  verifyChain,
} from "../integrity";
import type { AdminCtx } from "./context";
import { requireTenant, tenantIdSchema } from "./tenants";

export const verifyTenantInput = z.object({
  tenant: tenantIdSchema,
  maxFindings: z.number().int().min(1).max(100_000).default(1000),
});

export type VerifyReport = {
  tenant: string;
  ok: boolean;
  chains: {
    writer_id: string;
    batches: number;
    events: number;
    head_seq: number;
    head_hash: string;
  }[];
  findings: IntegrityFinding[];
  truncated: boolean;
};

const PAGE = 200;

/**
 * Recomputes every batch of the tenant's chains from the stored events: names events that were
 * altered, deleted or inserted, and batches that were removed, replaced or re-signed.
 */
export async function verifyTenant({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof verifyTenantInput>;
}): Promise<VerifyReport> {
  await requireTenant(ctx, input.tenant);
  const t = ctx.store.forTenant(input.tenant);
  const keys = await ctx.store.admin.writerKeys();
  const findings: IntegrityFinding[] = [];
  const chains: VerifyReport["chains"] = [];
  const add = (f: IntegrityFinding[]) =>
    findings.push(...f.slice(0, input.maxFindings - findings.length));

  for (const head of await t.listChains()) {
    let batches = 0;
    let events = 0;
    let previous: VerifiableBatch | null = null;
    for (let from = 1; ; ) {
      const page = (await t.listBatches(head.writerId, from, PAGE)).map(toVerifiable);
      if (page.length === 0) break;
      // The previous page's last batch leads each window, so links across pages are checked too.
      const window = previous ? [previous, ...page] : page;
      add(
        verifyChain(window, { expectStartSeq: previous ? undefined : 1 }).filter(
          (f) => f.seq !== seqOf(previous),
        ),
      );
      for (const b of page) {
        const docs: StoredEvent[] = await t.eventsOfBatch(head.writerId, seqOf(b));
        add(verifyBatch(b, docs, { publicKeys: keys }));
        batches++;
        events += docs.length;
      }
      previous = page.at(-1) as VerifiableBatch;
      from = seqOf(previous) + 1;
    }
    chains.push({
      writer_id: head.writerId,
      batches,
      events,
      head_seq: head.seq,
      head_hash: head.headerHash,
    });
  }
  for (const orphan of await t.eventsWithoutBatch(input.maxFindings)) {
    add([
      {
        kind: "inserted",
        tenant_id: input.tenant,
        writer_id: orphan.integrity?.writer_id ?? "",
        seq: orphan.integrity?.batch_seq ?? 0,
        event_id: orphan.id,
        detail: "the event claims a batch that does not exist",
      },
    ]);
  }
  return {
    tenant: input.tenant,
    ok: findings.length === 0,
    chains,
    findings,
    truncated: findings.length >= input.maxFindings,
  };
}

function seqOf(b: VerifiableBatch | null): number {
  return b ? Number(b.header.seq) : 0;
}

function toVerifiable(b: BatchRecord): VerifiableBatch {
  return {
    header: b.header,
    headerHash: b.headerHash,
    signature: b.signature,
    keyId: b.keyId,
    leaves: b.leaves,
    eventIds: b.eventIds,
  };
}
