import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { storedRow } from "../../../test/fixtures/event-rows";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import type { StoredEvent } from "../../core/contract";
import { hasCode } from "../../core/errors";
import { parseView } from "../../queries/filters";
import type { AuditAction, TenantCtx } from "../context";
import { readActor, readTool } from "./entity";

/** The actor page's read through the application layer: who, where, audited, for whom. */
describe("actor read (PGlite)", () => {
  let store: Store;
  const audited: AuditAction[] = [];
  const ctxAs = async (role: Role): Promise<TenantCtx> => {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor: {
        kind: "user",
        userId: "01900000-0000-7000-8000-0000000000a1",
        email: `${role}@acme.test`,
        auth: "session",
      },
      audit: async (_tenantId, _actor, action) => {
        audited.push(action);
      },
      now: () => new Date(),
      tenant,
      data: store.forTenant(tenant.id),
      can: (p) => can(role, p),
    };
  };

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    const now = Date.now();
    const docs = ["files", "files", "git"].map((server, i) => {
      const time = new Date(now - (i + 1) * 60_000).toISOString();
      return {
        id: `e${i}`,
        time,
        received_at: time,
        tenant_id: "acme",
        ingest_key_id: "k",
        server: { name: server },
        method: "tools/call",
        tool: "read_file",
        actor: { id: "alice", ...(i === 2 ? { name: "Alice <b>" } : {}) },
        outcome: "ok",
      } as StoredEvent;
    });
    await store.rawInsertEvents(docs.map((d, i) => storedRow(d, { leafIndex: i })));
  });
  afterAll(async () => store?.close());

  it("gives the actor's name and its calls per server, audited as actor.view", async () => {
    audited.length = 0;
    const view = parseView({ range: "24h" });
    const read = await readActor({
      ctx: await ctxAs("auditor"),
      input: { subject: "alice", view },
    });
    expect(read.actor?.identity.names.map((n) => n.value)).toEqual(["Alice <b>"]);
    expect(read.actor?.identity.emails).toEqual([]);
    expect(read.actor?.servers.servers.map((s) => [s.name, s.events])).toEqual([
      ["files", 2],
      ["git", 1],
    ]);
    expect(audited.map((a) => a.action)).toEqual(["actor.view"]);
    const tool = await readTool({
      ctx: await ctxAs("auditor"),
      input: { subject: "read_file", view },
    });
    expect(tool.actor).toBeUndefined();
  });

  it("refuses a viewer before reading or auditing", async () => {
    audited.length = 0;
    const view = parseView({ range: "24h" });
    await expect(
      readActor({ ctx: await ctxAs("viewer"), input: { subject: "alice", view } }),
    ).rejects.toSatisfy((e) => hasCode(e, "forbidden"));
    expect(audited).toEqual([]);
  });
});
