import { z } from "zod";
import type { RetentionRecord, RetentionStatement, TenantStore } from "../../../db/store/types";
import type { StoredEvent } from "../../core/contract";
import {
  type IntegrityFinding,
  type VerifiableBatch,
  verifyBatch,
  verifyChain,
} from "../../core/integrity";
import { checkRecord, latestRecords } from "../../retention/statement";
import type { AdminCtx } from "../admin-error";
import { requireTenant, tenantIdSchema } from "../tenants/tenant-id";

export const verifyTenantInput = z.object({
  tenant: tenantIdSchema,
  maxFindings: z.number().int().min(1).max(100_000).default(1000),
});

export type VerifyReport = {
  tenant: string;
  ok: boolean;
  chains: {
    /** The signed record of the chain's oldest batches removed by retention, if any. */
    removed_by_retention?: RetentionStatement;
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

  const cuts = await trustedRetention(t, keys, add);
  for (const head of await t.listChains()) {
    let batches = 0;
    let events = 0;
    let previous: VerifiableBatch | null = null;
    const cut = cuts.get(head.writerId);
    for (let from = (cut?.throughSeq ?? 0) + 1; ; ) {
      const page = await t.listBatches(head.writerId, from, PAGE);
      if (page.length === 0) break;
      // The previous page's last batch leads each window, so links across pages are checked too.
      const window = previous ? [previous, ...page] : page;
      add(
        verifyChain(
          window,
          previous ? {} : { expectStartSeq: from, expectPrevHash: cut?.statement.through_hash },
        ).filter((f) => f.seq !== seqOf(previous)),
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
      ...(cut ? { removed_by_retention: cut.statement } : {}),
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

/**
 * The newest retention record of each chain whose signature holds; a record that does not is a
 * finding and moves nothing, so the batches it claims to account for read as missing.
 */
async function trustedRetention(
  t: TenantStore,
  keys: ReadonlyMap<string, string>,
  add: (f: IntegrityFinding[]) => void,
): Promise<Map<string, RetentionRecord>> {
  const trusted: RetentionRecord[] = [];
  for (const r of await t.retention.records()) {
    const problem = checkRecord(r, keys);
    if (!problem) trusted.push(r);
    else
      add([
        {
          kind: "bad_retention_record",
          tenant_id: r.tenantId,
          writer_id: r.writerId,
          seq: r.throughSeq,
          detail: `retention record through batch ${r.throughSeq}: ${problem}`,
        },
      ]);
  }
  return latestRecords(trusted);
}

function seqOf(b: VerifiableBatch | null): number {
  return b ? Number(b.header.seq) : 0;
}
