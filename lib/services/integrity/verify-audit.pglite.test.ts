import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import { makeEvent, startHarness } from "../../../test/fixtures/ingest-harness";
import { integrityFailure } from "../../detect/rules/integrity-failure";
import { runRule } from "../../detect/testing/run-rule";
import { toDetectEvent } from "../../detect/to-detect-event";
import { pipelineAuditSink } from "../audit-event";
import type { ServiceCtx } from "../context";
import { runOperation } from "../registry";
import type { VerifyReport } from "./verify-tenant";

/**
 * `tooltrail verify` records what it found as `integrity.verified` in the tenant's own stream,
 * through the real pipeline; a failed verification becomes a critical integrity_failure finding.
 */
describe("verification is self-audited", () => {
  const dir = mkdtempSync(join(tmpdir(), "tooltrail-verify-audit-"));
  const pgDir = join(dir, "pglite");
  let ids: string[] = [];

  beforeAll(async () => {
    const h = await startHarness({
      store: await openPgliteStore(pgDir),
      env: { GROUP_COMMIT_MAX_WAIT_MS: "0" },
    });
    const token = await h.tenantWithKey("acme");
    const events = Array.from({ length: 6 }, () => makeEvent());
    ids = events.map((e) => e.id as string);
    expect((await h.post(token, JSON.stringify(events))).body.accepted).toBe(6);
    await h.stop();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `verify` as the CLI does, with the audit written through a real pipeline. */
  async function verifyAsOperator(op: "verify" | "integrity.drill" = "verify") {
    const h = await startHarness({
      store: await openPgliteStore(pgDir),
      env: { GROUP_COMMIT_MAX_WAIT_MS: "0" },
    });
    try {
      const ctx: ServiceCtx = {
        store: h.store,
        actor: { kind: "operator", name: "ops@host" },
        audit: pipelineAuditSink(h.server.pipeline.recordInternal, "test"),
        now: () => new Date(),
      };
      const report = (await runOperation(ctx, op, { tenant: "acme" })) as VerifyReport;
      const store = await h.stored();
      const page = await store.forTenant("acme").listEvents({
        limit: 50,
        tool: ["integrity.verified"],
        order: "asc",
      });
      return { report, audits: page.events };
    } finally {
      await h.stop();
    }
  }

  it("records a passing verification as integrity.verified, outcome ok", async () => {
    const { report, audits } = await verifyAsOperator();
    expect(report.ok).toBe(true);
    expect(audits).toHaveLength(1);
  });

  it("records a failed one as outcome error with what failed, and the rule flags it critical", async () => {
    const db = await PGlite.create({ dataDir: pgDir });
    await db.query(
      `UPDATE events SET doc = jsonb_set(doc::jsonb, '{outcome}', '"denied"')::json WHERE id = $1`,
      [ids[2]],
    );
    await db.query("DELETE FROM events WHERE id = $1", [ids[4]]);
    await db.close();

    const { report, audits } = await verifyAsOperator();
    expect(report.ok).toBe(false);
    expect(audits.map((e) => e.outcome)).toEqual(["ok", "error"]);
    const failed = audits[1];
    expect(failed).toMatchObject({
      server: { name: "tooltrail-dashboard" },
      tool: "integrity.verified",
      arguments: {
        summary: expect.stringMatching(/^2 findings: 1 altered, 1 deleted; \d+ events in/),
        findings: 2,
        kinds: { altered: 1, deleted: 1 },
      },
      error: { message: "integrity check failed: 2 finding(s)" },
    });
    const detect = audits.map(toDetectEvent).sort((a, b) => a.time - b.time);
    const { findings } = runRule(integrityFailure, { events: detect });
    expect(findings.map((f) => [f.severity, f.observed, f.evidence])).toEqual([
      ["critical", { failed_verifications: 1, findings: 2 }, [failed?.id]],
    ]);
  });

  it("records a drill as a failed verification marked drill, which the rule flags too", async () => {
    const { audits } = await verifyAsOperator("integrity.drill");
    const drill = audits.at(-1);
    expect(drill).toMatchObject({
      outcome: "error",
      actor: { id: "operator:ops@host" },
      arguments: { drill: true, kinds: { drill: 1 } },
    });
    const { findings } = runRule(integrityFailure, { events: [toDetectEvent(drill as never)] });
    expect(findings.map((f) => [f.severity, f.evidence])).toEqual([["critical", [drill?.id]]]);
    expect(findings[0]?.sentence).toContain("1 findings: 1 drill (tooltrail demo --anomalies)");
  });
});
