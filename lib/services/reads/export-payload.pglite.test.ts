import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { storedRow } from "../../../test/fixtures/event-rows";
import { can } from "../../auth/permissions";
import type { StoredEvent } from "../../core/contract";
import { DEFAULT_SORT, parseView } from "../../queries/filters";
import type { AuditAction, TenantCtx } from "../context";
import { exportEvents } from "./export";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

function stored(i: number, secret: string): ReturnType<typeof storedRow> {
  const doc = {
    id: `e-${i}`,
    time: minutesAgo(10 + i),
    received_at: minutesAgo(5),
    tenant_id: "acme",
    ingest_key_id: "k1",
    server: { name: "files" },
    method: "tools/call",
    tool: "read_file",
    actor: { id: "alice" },
    outcome: "error",
    arguments: { path: `/srv/${secret}` },
    labels: { ticket: secret },
    error: { type: "io", message: `cannot open ${secret}` },
  } as StoredEvent;
  return storedRow(doc, { leafIndex: i });
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

/**
 * Every role that may export may read payloads today, so these run a role made for the test:
 * export without `events:payload`. Defence in depth: the export must neither carry payloads nor
 * let a payload search act as an oracle.
 */
describe("the export for a role without events:payload", () => {
  let store: Store;
  const audited: AuditAction[] = [];
  const ctxWith = async (payload: boolean): Promise<TenantCtx> => {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor: { kind: "user", userId: "u1", email: "x@acme.test", auth: "session" },
      audit: async (_t, _a, action) => {
        audited.push(action);
      },
      now: () => new Date(),
      tenant,
      data: store.forTenant(tenant.id),
      can: (p) => (p === "events:payload" ? payload : can("owner", p)),
    };
  };

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.rawInsertEvents([stored(0, "hunter2"), stored(1, "opensesame")]);
  });
  afterAll(async () => store?.close());

  const run = async (payload: boolean, format: "csv" | "ndjson", q = "") => {
    const view = parseView({ range: "24h", ...(q ? { q } : {}) });
    const out = await exportEvents({
      ctx: await ctxWith(payload),
      input: { format, sort: DEFAULT_SORT, view },
    });
    return drain(out.stream);
  };

  it("carries arguments, labels and error messages for a role that may read them", async () => {
    const csv = await run(true, "csv");
    expect(csv).toContain("hunter2");
    const ndjson = await run(true, "ndjson");
    expect(ndjson).toContain("opensesame");
  });

  it("leaves them out of both formats otherwise, keeping the rows and the CSV's columns", async () => {
    for (const format of ["csv", "ndjson"] as const) {
      const text = await run(false, format);
      expect(text).not.toContain("hunter2");
      expect(text).not.toContain("opensesame");
      expect(text).toContain("e-0");
      expect(text).toContain("e-1");
    }
    const lines = (await run(false, "ndjson")).trim().split("\n");
    const first = JSON.parse(lines[0] ?? "{}") as StoredEvent;
    expect(first.error).toEqual({ type: "io" });
    expect(first.arguments).toBeUndefined();
    expect(first.labels).toBeUndefined();
    const csv = await run(false, "csv");
    expect(csv.split("\r\n")[0]).toContain("arguments");
  });

  it("drops a payload search instead of answering it (its row count would reveal the payload)", async () => {
    audited.length = 0;
    const text = await run(false, "ndjson", "hunter2");
    expect(text.trim().split("\n")).toHaveLength(2);
    expect(audited[0]?.details).toMatchObject({ query: "range=24h" });
  });
});
