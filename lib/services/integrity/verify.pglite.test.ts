import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import { makeEvent, startHarness } from "../../../test/fixtures/ingest-harness";
import { verifyTenant } from "./verify-tenant";

/**
 * Tampering with the database behind the pipeline's back, as someone with direct access would,
 * must be named by `verify`: an edited, a deleted and an inserted row, and a removed batch.
 */
describe("verify catches tampering in the stored chain", () => {
  const dir = mkdtempSync(join(tmpdir(), "tooltrail-tamper-"));
  const pgDir = join(dir, "pglite");
  let ids: string[] = [];

  beforeAll(async () => {
    const h = await startHarness({
      store: await openPgliteStore(pgDir),
      env: { GROUP_COMMIT_MAX_WAIT_MS: "0" },
    });
    const token = await h.tenantWithKey("acme");
    // Sequential requests give several batches, so removing one leaves a gap in the chain.
    for (let i = 0; i < 4; i++) {
      const events = Array.from({ length: 5 }, () =>
        makeEvent({ arguments: { q: `select ${i}` } }),
      );
      ids = [...ids, ...events.map((e) => e.id as string)];
      expect((await h.post(token, JSON.stringify(events))).body.accepted).toBe(5);
    }
    await h.stop();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function tamper(sql: string, params: unknown[] = []) {
    const db = await PGlite.create({ dataDir: pgDir });
    await db.query(sql, params);
    await db.close();
  }

  async function verify() {
    const store = await openPgliteStore(pgDir);
    try {
      return await verifyTenant({ ctx: { store }, input: { tenant: "acme", maxFindings: 100 } });
    } finally {
      await store.close();
    }
  }

  it("reports an untouched chain as verified", async () => {
    const r = await verify();
    expect(r.findings).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.chains[0]?.events).toBe(20);
  });

  it("names an edited event", async () => {
    await tamper(
      `UPDATE events SET doc = jsonb_set(doc::jsonb, '{outcome}', '"denied"')::json WHERE id = $1`,
      [ids[3]],
    );
    const r = await verify();
    expect(r.findings.map((f) => [f.kind, f.event_id])).toEqual([["altered", ids[3]]]);
  });

  it("names a deleted event", async () => {
    await tamper("DELETE FROM events WHERE id = $1", [ids[7]]);
    const r = await verify();
    expect(r.findings.filter((f) => f.kind === "deleted").map((f) => f.event_id)).toEqual([ids[7]]);
  });

  it("names an inserted event", async () => {
    await tamper(
      `INSERT INTO events SELECT tenant_id, 'forged-1', time, received_at, server_name, method, tool, actor_id, actor_type,
         client_name, agent_id, session_id, conversation_id, trace_id, outcome, verdict, policy_id, data_classification,
         error_type, duration_ms, result_bytes, redaction_count, args_hmac, ingest_key_id, writer_id, batch_seq, leaf_index,
         json_build_object('id', 'forged-1') FROM events WHERE id = $1`,
      [ids[12]],
    );
    const r = await verify();
    expect(r.findings.filter((f) => f.kind === "inserted").map((f) => f.event_id)).toEqual([
      "forged-1",
    ]);
  });

  it("names a removed batch as a gap in the chain", async () => {
    await tamper("DELETE FROM events WHERE batch_seq = 3");
    await tamper("DELETE FROM integrity_batches WHERE seq = 3");
    const r = await verify();
    expect(r.findings.some((f) => f.kind === "gap" && f.seq === 4)).toBe(true);
    expect(r.ok).toBe(false);
  });
});
