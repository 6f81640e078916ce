import { join } from "node:path";
import { z } from "zod";
import type { TenantRecord, TenantStore } from "../../db/store/types";
import type { BatchHeader } from "../core/integrity/batch";
import { loadOrCreateWriterKey } from "../core/integrity/writer-key";
import { type AdminCtx, AdminError } from "../services/admin-error";
import { requireTenant, tenantIdSchema } from "../services/tenants/tenant-id";
import { type ChainBatch, type Period, planChain } from "./plan";
import { latestRecords, signStatement } from "./statement";

export const runRetentionInput = z.object({
  tenant: tenantIdSchema.optional(),
  dry_run: z.boolean().default(false),
  /** The moment the cutoff is counted back from; now by default. */
  now: z.iso.datetime().optional(),
});

const DAY = 86_400_000;
const PAGE = 500;

export type RetentionOutcome = {
  tenant: string;
  skipped?: string;
  cutoff?: string;
  holds?: string[];
  chains: { writer_id: string; from_seq: number; through_seq: number; removed_events: number }[];
};

/**
 * The retention job: for each tenant with a retention period and no tenant-wide legal hold,
 * removes from every chain the oldest batches entirely older than the cutoff and outside any
 * active hold, each removal preceded by a signed record that verification accounts for.
 */
export async function runRetention({
  ctx,
  input,
}: {
  ctx: AdminCtx;
  input: z.infer<typeof runRetentionInput>;
}): Promise<RetentionOutcome[]> {
  const now = input.now ? new Date(input.now) : new Date();
  const tenants = input.tenant
    ? [await requireTenant(ctx, input.tenant)]
    : await ctx.store.admin.listTenants();
  const out: RetentionOutcome[] = [];
  for (const tenant of tenants) {
    const skipped =
      tenant.retentionDays === null
        ? "no retention period set"
        : tenant.legalHold
          ? "the whole tenant is under legal hold"
          : null;
    if (skipped) {
      out.push({ tenant: tenant.id, skipped, chains: [] });
      continue;
    }
    out.push(await retainTenant(ctx, tenant, now, input.dry_run));
  }
  return out;
}

async function retainTenant(
  ctx: AdminCtx,
  tenant: TenantRecord,
  now: Date,
  dryRun: boolean,
): Promise<RetentionOutcome> {
  const days = tenant.retentionDays as number;
  const cutoff = new Date(now.getTime() - days * DAY);
  const t = ctx.store.forTenant(tenant.id);
  const holds = (await t.retention.listHolds()).filter((h) => h.releasedAt === null);
  const latest = latestRecords(await t.retention.records());
  const key = dryRun ? null : await retentionKey(ctx);
  const chains: RetentionOutcome["chains"] = [];
  for (const head of await t.listChains()) {
    const done = latest.get(head.writerId);
    // A record whose removal was interrupted is applied again before anything new.
    const [oldest] = await t.listBatches(head.writerId, 1, 1);
    if (done && !dryRun && oldest && oldest.seq <= done.throughSeq) await t.retention.apply(done);
    const batches = await expiredPrefix(t, head.writerId, (done?.throughSeq ?? 0) + 1, cutoff);
    const plan = planChain(batches, { headSeq: head.seq, cutoff, holds: holds as Period[] });
    if (!plan) continue;
    chains.push({
      writer_id: head.writerId,
      from_seq: plan.fromSeq,
      through_seq: plan.throughSeq,
      removed_events: plan.removedEvents,
    });
    if (!key) continue;
    await t.retention.apply(
      signStatement(
        {
          v: 1,
          tenant_id: tenant.id,
          writer_id: head.writerId,
          from_seq: plan.fromSeq,
          through_seq: plan.throughSeq,
          through_hash: plan.throughHash,
          removed_events: plan.removedEvents,
          first_time: plan.firstTime,
          last_time: plan.lastTime,
          cutoff: cutoff.toISOString(),
          retention_days: days,
          holds: holds.map((h) => h.id),
          run_at: now.toISOString(),
        },
        key,
      ),
    );
  }
  return { tenant: tenant.id, cutoff: cutoff.toISOString(), holds: holds.map((h) => h.id), chains };
}

/** The chain's batches from `fromSeq` on, page by page, up to the first one not yet expired. */
async function expiredPrefix(
  t: TenantStore,
  writerId: string,
  fromSeq: number,
  cutoff: Date,
): Promise<ChainBatch[]> {
  const out: ChainBatch[] = [];
  for (let from = fromSeq; ; ) {
    const page = await t.listBatches(writerId, from, PAGE);
    for (const b of page) {
      out.push({ seq: b.seq, header: b.header as BatchHeader, headerHash: b.headerHash });
      if (Date.parse(String(b.header.last_time)) >= cutoff.getTime()) return out;
    }
    if (page.length < PAGE) return out;
    from = (page.at(-1)?.seq ?? from) + 1;
  }
}

/** The key that signs retention records, kept beside the writers' keys; its public half is stored. */
async function retentionKey(ctx: AdminCtx) {
  if (!ctx.keysDir)
    throw new AdminError("retention needs this process's key directory (DATA_DIR/keys)");
  const key = loadOrCreateWriterKey(join(ctx.keysDir), "retention");
  await ctx.store.admin.registerWriterKey({
    keyId: key.keyId,
    writerId: "retention",
    publicKey: key.publicKeyPem,
  });
  return key;
}
