import { createPrivateKey } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../../db/store/types";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";
import { generateWriterKey } from "../core/integrity/signing";
import { verifyTenant } from "../services/integrity/verify-tenant";
import { addHold } from "./holds";
import { runRetention } from "./run-retention";
import { signStatement } from "./statement";

const DAY = 86_400_000;
const ages = [400, 200, 5, 0];

/**
 * Retention through the real pipeline on any store: ages 400, 200 and 5 days and now, one
 * sealed batch each, a 100-day period. The oldest batches go with their events, counts and
 * rollups follow, `verify` accounts for them through the signed record, holds keep what they
 * cover, and a forged record hides nothing.
 */
export function retentionSuite(open: () => Promise<Store>) {
  let h: Harness;
  const ids = new Map<string, string[][]>();
  const ctx = () => ({ store: h.store, keysDir: `${h.dataDir}/keys` });

  beforeAll(async () => {
    h = await startHarness({ store: await open(), env: { GROUP_COMMIT_MAX_WAIT_MS: "0" } });
    for (const tenant of ["acme", "globex", "initech"]) {
      const token = await h.tenantWithKey(tenant);
      const perBatch: string[][] = [];
      for (const age of ages) {
        const events = Array.from({ length: 10 }, (_, i) =>
          makeEvent({ time: new Date(Date.now() - age * DAY - i * 1000).toISOString() }),
        );
        perBatch.push(events.map((e) => e.id as string));
        expect((await h.post(token, JSON.stringify(events))).status).toBe(202);
      }
      ids.set(tenant, perBatch);
      await h.store.admin.setTenantRetention(tenant, { retentionDays: 100 });
    }
    await h.store.admin.setTenantRetention("initech", { legalHold: true });
    await h.stored();
  }, 120_000);
  afterAll(async () => h?.stop());

  it("removes the batches older than the period, and verify accounts for them", async () => {
    const [acme] = await runRetention({ ctx: ctx(), input: { tenant: "acme", dry_run: false } });
    expect(acme?.chains).toEqual([
      expect.objectContaining({ from_seq: 1, through_seq: 2, removed_events: 20 }),
    ]);
    const t = h.store.forTenant("acme");
    const [old, older, recent] = ids.get("acme") as string[][];
    expect(await t.countEvents({})).toBe(20);
    expect(await t.countEvents({ from: new Date(Date.now() - 1000 * DAY + 1) })).toBe(20);
    expect(await t.getEvent(older?.[0] as string)).toBeNull();
    expect((await t.existingEventIds([...(old ?? []), ...(older ?? [])])).size).toBe(0);
    expect((await t.getEvent(recent?.[3] as string))?.id).toBe(recent?.[3]);
    const report = await verifyTenant({ ctx: ctx(), input: { tenant: "acme", maxFindings: 50 } });
    expect(report.findings).toEqual([]);
    expect(report.chains[0]).toMatchObject({
      events: 20,
      batches: 2,
      removed_by_retention: { through_seq: 2, removed_events: 20, retention_days: 100 },
    });
    // A second run finds nothing more to remove.
    const [again] = await runRetention({ ctx: ctx(), input: { tenant: "acme", dry_run: false } });
    expect(again?.chains).toEqual([]);
  });

  it("keeps what a legal hold covers, and skips a tenant under a tenant-wide hold", async () => {
    const hold = await addHold({
      ctx: ctx(),
      input: {
        tenant: "globex",
        from: new Date(Date.now() - 250 * DAY).toISOString(),
        to: new Date(Date.now() - 150 * DAY).toISOString(),
        reason: "litigation 2026-17",
        by: "counsel@globex.example",
      },
    });
    const dry = await runRetention({ ctx: ctx(), input: { tenant: "globex", dry_run: true } });
    expect(dry[0]?.chains.map((c) => c.through_seq)).toEqual([1]);
    expect(await h.store.forTenant("globex").countEvents({})).toBe(40);
    const [globex, initech] = await runRetention({ ctx: ctx(), input: { dry_run: false } }).then(
      (all) => ["globex", "initech"].map((id) => all.find((r) => r.tenant === id)),
    );
    expect(globex?.holds).toEqual([hold.id]);
    expect(globex?.chains.map((c) => c.through_seq)).toEqual([1]);
    expect(initech?.skipped).toMatch(/legal hold/);
    expect(await h.store.forTenant("globex").countEvents({})).toBe(30);
    expect(await h.store.forTenant("initech").countEvents({})).toBe(40);
    const report = await verifyTenant({ ctx: ctx(), input: { tenant: "globex", maxFindings: 50 } });
    expect(report.findings).toEqual([]);
  });

  it("names a forged retention record and the batches it tried to hide", async () => {
    const t = h.store.forTenant("acme");
    const [batch3] = await t.listBatches((await t.listChains())[0]?.writerId as string, 3, 1);
    const forger = generateWriterKey();
    const forged = signStatement(
      {
        v: 1,
        tenant_id: "acme",
        writer_id: batch3?.writerId as string,
        from_seq: 3,
        through_seq: 3,
        through_hash: batch3?.headerHash as string,
        removed_events: 10,
        first_time: new Date(0).toISOString(),
        last_time: new Date(0).toISOString(),
        cutoff: new Date().toISOString(),
        retention_days: 1,
        holds: [],
        run_at: new Date().toISOString(),
      },
      { keyId: forger.keyId, privateKey: createPrivateKey(forger.privateKeyPem) },
    );
    await t.retention.apply(forged);
    const report = await verifyTenant({ ctx: ctx(), input: { tenant: "acme", maxFindings: 50 } });
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.kind).sort()).toEqual(["bad_retention_record", "gap"]);
  });
}
