import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { createIngestPipeline, type IngestPipeline } from "../../../ingest/pipeline";
import type { BatchJob } from "../../../ingest/prepare/prepare-batch";
import { PreparePool } from "../../../ingest/prepare/prepare-pool";
import { argsHmacKey } from "../../../ingest/prepare/tenant-contexts";
import { type AuditActor, buildAuditEvent } from "../../auth/audit";
import { parseView, viewQuery } from "../../queries/filters";
import { loadConfig } from "../config";
import { compileRedactionPolicy, type RedactionConfig } from "./policy";

/**
 * A tenant's own redaction patterns where they run outside the tenant's control: the dashboard's
 * self-audit (on the server's main thread: it served /api/health too) and the prepare workers
 * every tenant shares. The probe's pattern over inputs a backtracking engine never finishes.
 */
const PROBE: RedactionConfig = { custom: [{ id: "probe", pattern: "(a|a)*$" }] };
const viewer: AuditActor = { userId: "u1", email: "viewer@acme.test", auth: "session" };

describe("tenant patterns on the dashboard and the shared workers", () => {
  let store: Store;
  let pipeline: IngestPipeline;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "tooltrail-patterns-"));
    store = await openPgliteStore(undefined);
    await store.migrate();
    pipeline = await createIngestPipeline(
      loadConfig({ DATA_DIR: dataDir, INGEST_WORKERS: "0" }),
      store,
      { info() {}, error() {} },
    );
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.setTenantRedaction("acme", PROBE);
    // Saved before patterns ran on the linear engine: its lookahead no longer compiles.
    await store.admin.createTenant({ id: "globex", name: "Globex" });
    await store.admin.setTenantRedaction("globex", {
      custom: [
        { id: "order_ref", pattern: "ORD-\\d+(?=-EU)" },
        { id: "employee_id", pattern: "EMP-\\d{6}" },
      ],
    });
  });
  afterAll(async () => {
    await pipeline?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stored = async (tenant: string, tool: string) =>
    (await store.forTenant(tenant).listEvents({ tool: [tool], limit: 10 })).events.map(
      (e) => e.arguments,
    );

  it("records a view of /acme?actor=<a×512>&outcome=ok as the overview page does", async () => {
    const view = parseView({ actor: "a".repeat(512), outcome: "ok" });
    const query = viewQuery(view);
    expect(query).toContain(`actor=${"a".repeat(512)}&outcome=ok`);
    await pipeline.recordInternal("acme", [
      buildAuditEvent(viewer, { action: "overview.view", details: { query } }, "test"),
    ]);
    expect(await stored("acme", "overview.view")).toEqual([{ query }]);
  });

  it("keeps a tenant's other rules when one saved rule no longer compiles", async () => {
    await pipeline.recordInternal("globex", [
      buildAuditEvent(
        viewer,
        { action: "events.list", details: { note: "EMP-123456 ORD-77-EU" } },
        "test",
      ),
    ]);
    expect(await stored("globex", "events.list")).toEqual([
      { note: "[REDACTED:employee_id] ORD-77-EU" },
    ]);
  });

  it("prepares the probe's event on a worker thread, which compiles the tenant's rules itself", async () => {
    const pool = new PreparePool(1);
    try {
      const hostile = `${"a".repeat(30_000)}!`;
      const body = JSON.stringify({
        id: "probe-1",
        time: "2026-03-01T09:00:00Z",
        server: { name: "s" },
        tool: "t",
        actor: { id: "x" },
        outcome: "ok",
        arguments: { q: hostile, tail: `x ${"a".repeat(30)}` },
      });
      const job: BatchJob = {
        body: new TextEncoder().encode(body),
        format: "ndjson",
        maxBatchEvents: 10,
        maxEventBytes: 65_536,
        keyId: "k",
        keyServers: null,
        receivedAt: "2026-03-01T10:00:00.000Z",
        requestId: "r",
        rowEncoding: null,
      };
      const ctx = {
        tenantId: "acme",
        redaction: compileRedactionPolicy(PROBE),
        redactionConfig: PROBE,
        hmacKey: argsHmacKey(Buffer.alloc(32, 1), "acme"),
      };
      const result = await pool.run(job, ctx);
      expect(result.rejected).toEqual([]);
      expect(JSON.parse(result.prepared[0]?.docText ?? "{}").arguments).toEqual({
        q: hostile,
        tail: "x [REDACTED:probe]",
      });
    } finally {
      await pool.close();
    }
  });
});
