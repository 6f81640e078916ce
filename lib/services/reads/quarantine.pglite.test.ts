import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { QuarantineRow, Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import type { AuditAction, TenantCtx } from "../context";
import { readQuarantine } from "./quarantine";

describe("readQuarantine", () => {
  let store: Store;
  const audited: AuditAction[] = [];
  const base = Date.UTC(2026, 2, 1, 10, 0, 0);
  const at = (i: number) => new Date(base + i * 60_000);

  const ctx = async (): Promise<TenantCtx> => {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor: { kind: "user", userId: "u1", email: "auditor@acme.test", auth: "session" },
      audit: async (_t, _a, action) => {
        audited.push(action);
      },
      now: () => new Date(),
      tenant,
      data: store.forTenant(tenant.id),
      can: (p) => can("auditor", p),
    };
  };

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    const row = (i: number): QuarantineRow => ({
      tenantId: "acme",
      receivedAt: at(i).toISOString(),
      ingestKeyId: i < 60 ? "k1" : "k2",
      requestId: `r${Math.floor(i / 10)}`,
      eventIndex: i % 10,
      eventId: `ev-${i}`,
      errors: [{ path: "outcome", message: i % 2 ? "odd" : "even" }],
      raw: "{}",
      rawBytes: 2,
    });
    await store.commit({ batches: [], quarantine: Array.from({ length: 70 }, (_, i) => row(i)) });
  });
  afterAll(async () => store?.close());

  const ids = (p: { rows: { eventId: string | null }[] }) => p.rows.map((r) => r.eventId);

  it("pages older and back newer over a range with a total, and audits the filter", async () => {
    const c = await ctx();
    const range = { from: at(0), to: at(60), key: "k1", size: 25 } as const;
    const first = await readQuarantine({ ctx: c, input: range });
    expect(first.total).toBe(60);
    expect(ids(first)[0]).toBe("ev-59");
    expect(first.newer).toBeNull();
    const second = await readQuarantine({ ctx: c, input: { ...range, before: first.older ?? 0 } });
    expect(ids(second)[0]).toBe("ev-34");
    const third = await readQuarantine({ ctx: c, input: { ...range, before: second.older ?? 0 } });
    expect(ids(third)).toEqual(Array.from({ length: 10 }, (_, i) => `ev-${9 - i}`));
    expect(third.older).toBeNull();
    const back = await readQuarantine({ ctx: c, input: { ...range, after: third.newer ?? 0 } });
    expect(ids(back)).toEqual(ids(second));
    const top = await readQuarantine({ ctx: c, input: { ...range, after: back.newer ?? 0 } });
    expect(ids(top)).toEqual(ids(first));
    expect(top.newer).toBeNull();
    expect(audited[0]).toEqual({
      action: "quarantine.list",
      details: {
        from: at(0).toISOString(),
        to: at(60).toISOString(),
        key: "k1",
        size: 25,
        rows: 25,
        total: 60,
      },
    });
  });

  it("filters by error text and event id", async () => {
    const c = await ctx();
    const odd = await readQuarantine({ ctx: c, input: { error: "ODD", key: "k2" } });
    expect(ids(odd)).toEqual(["ev-69", "ev-67", "ev-65", "ev-63", "ev-61"]);
    expect((await readQuarantine({ ctx: c, input: { eventId: "ev-3" } })).total).toBe(1);
  });

  it("refuses a page size the explorer does not offer, and both cursors at once", async () => {
    const c = await ctx();
    await expect(readQuarantine({ ctx: c, input: { size: 7 } })).rejects.toThrow(/size/);
    await expect(readQuarantine({ ctx: c, input: { before: 5, after: 1 } })).rejects.toThrow(
      /not both/,
    );
  });
});
