import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { eventRow } from "../../../test/fixtures/event-rows";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import { parseView } from "../../queries/filters";
import type { AuditAction, TenantCtx } from "../context";
import { readEventFacets } from "./event-facets";

describe("explorer facets read", () => {
  let store: Store;
  const audited: { tenantId: string; action: AuditAction }[] = [];
  const now = new Date();

  const ctxAs = async (role: Role): Promise<TenantCtx> => {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor: { kind: "user", userId: "u1", email: `${role}@acme.test`, auth: "session" },
      audit: async (tenantId, _actor, action) => {
        audited.push({ tenantId, action });
      },
      now: () => now,
      tenant,
      data: store.forTenant(tenant.id),
      can: (p) => can(role, p),
    };
  };

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    const at = (i: number) => new Date(now.getTime() - (i + 1) * 60_000).toISOString();
    // Six calls in the last hours: three read /etc/passwd (a payload), two by bob.
    await store.rawInsertEvents(
      Array.from({ length: 6 }, (_, i) =>
        eventRow({
          tenantId: "acme",
          id: `e-${i}`,
          time: at(i),
          actorId: i < 2 ? "bob" : "alice",
          tool: i % 2 === 0 ? "read_file" : "write_file",
          doc: JSON.stringify({
            id: `e-${i}`,
            arguments: { path: i < 3 ? "/etc/passwd" : "/tmp/x" },
          }),
        }),
      ),
    );
  });
  afterAll(async () => store?.close());

  const total = (r: Awaited<ReturnType<typeof readEventFacets>>) => r.total.count;
  const tools = (r: Awaited<ReturnType<typeof readEventFacets>>) =>
    r.facets.find((f) => f.dimension === "tool")?.top;

  it("counts over the explorer's view and audits events.facets with the view and total", async () => {
    audited.length = 0;
    const r = await readEventFacets({
      ctx: await ctxAs("auditor"),
      input: { view: parseView({ range: "24h", q: "actor:alice" }) },
    });
    expect(r.total).toEqual({ count: 4, exact: true });
    expect(tools(r)).toEqual([
      { key: "read_file", count: 2 },
      { key: "write_file", count: 2 },
    ]);
    expect(r.facets.map((f) => f.dimension)).toEqual([
      "actor",
      "tool",
      "server",
      "client",
      "outcome",
      "verdict",
    ]);
    expect(audited).toEqual([
      {
        tenantId: "acme",
        action: {
          action: "events.facets",
          details: { query: "range=24h&q=actor%3Aalice", total: 4 },
        },
      },
    ]);
  });

  it("does not count by payload terms for a role without events:payload", async () => {
    const view = parseView({ range: "24h", q: 'args.path:"/etc/passwd"' });
    const auditor = await readEventFacets({ ctx: await ctxAs("auditor"), input: { view } });
    expect(total(auditor)).toBe(3);
    const admin = await readEventFacets({ ctx: await ctxAs("admin"), input: { view } });
    // The payload query is dropped as it is from the rows: the counts reveal nothing of it.
    expect(total(admin)).toBe(6);
    const text = await readEventFacets({
      ctx: await ctxAs("admin"),
      input: { view: parseView({ range: "24h", q: "passwd" }) },
    });
    expect(total(text)).toBe(6);
  });

  it("refuses a viewer before reading or auditing", async () => {
    audited.length = 0;
    await expect(
      readEventFacets({ ctx: await ctxAs("viewer"), input: { view: parseView({}) } }),
    ).rejects.toSatisfy((err: unknown) => hasCode(err, "forbidden"));
    expect(audited).toEqual([]);
  });
});
