import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import { eventDoc, MIN, openTestStore, storeEvents, T0 } from "../../detect/engine-test-kit";
import { DAY } from "../../detect/stats";
import type { Actor, AuditAction, TenantCtx } from "../context";
import { previewRule } from "./preview-rule";
import { runDetection } from "./run-detection";

/**
 * The detection services on a real store with the real rules: `detect run` brings every tenant
 * (or one) up to date; a preview is for those who configure rules, audited, with a message that
 * names a bad parameter.
 */
describe("detection services (PGlite)", () => {
  let store: Store;
  const recorded: AuditAction[] = [];
  const operator: Actor = { kind: "operator", name: "ops@host" };

  async function ctxAs(role: Role): Promise<TenantCtx> {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor: { kind: "user", userId: "u1", email: "u1@acme.test", auth: "session" },
      audit: async (_t, _a, action) => {
        recorded.push(action);
      },
      now: () => new Date(T0),
      tenant,
      data: store.forTenant("acme"),
      can: (p) => can(role, p),
    };
  }

  beforeAll(async () => {
    store = await openTestStore("acme");
    await store.admin.createTenant({ id: "globex", name: "globex" });
    // Yesterday bob was denied 12 times in a minute: a denial burst (threshold 10 in 5 minutes).
    await storeEvents(
      store,
      Array.from({ length: 12 }, (_, i) =>
        eventDoc("acme", `d${i}`, T0 - DAY + i * 5000, {
          actor: { id: "bob", type: "user" },
          outcome: "denied",
        }),
      ),
    );
  });
  afterAll(async () => store?.close());

  it("runs detection for every tenant, or one, up to now", async () => {
    const ctx = { store, actor: operator, now: () => new Date(T0) };
    // One step at a time: the cursor starts, and the run says it has not caught up.
    const first = await runDetection({ ctx, input: { tenant: "acme", steps: 1 } });
    expect(first).toMatchObject([{ tenant: "acme", caughtUp: false, backfilled: 0 }]);
    const all = await runDetection({ ctx, input: {} });
    expect(all.map((r) => [r.tenant, r.caughtUp, r.backfilled])).toEqual([
      ["acme", true, 12],
      ["globex", true, 0],
    ]);
    const later = await runDetection({
      ctx: { ...ctx, now: () => new Date(T0 + 5 * MIN) },
      input: { tenant: "acme" },
    });
    expect(later).toMatchObject([
      { tenant: "acme", window: { from: new Date(T0 - MIN).toISOString() }, caughtUp: true },
    ]);
    await expect(runDetection({ ctx, input: { tenant: "nope" } })).rejects.toThrow(
      /tooltrail tenants create nope/,
    );
  });

  it("previews a real rule's flags per day for those who configure rules, and audits it", async () => {
    recorded.length = 0;
    const p = await previewRule({
      ctx: await ctxAs("admin"),
      input: { rule: "denial_burst", days: 2 },
    });
    expect(p.total).toBe(1);
    expect(p.days.find((d) => d.flags > 0)?.day).toBe("2026-01-04");
    expect(p.sample[0]).toMatchObject({ subjectKey: "bob", observed: expect.any(Object) });
    expect(recorded).toEqual([
      { action: "detection.previewed", details: { rule: "denial_burst", days: 2, flags: 1 } },
    ]);
    const stricter = await previewRule({
      ctx: await ctxAs("owner"),
      input: { rule: "denial_burst", days: 2, params: { threshold: 20 } },
    });
    expect(stricter.total).toBe(0);
  });

  it("refuses an analyst, and names a parameter the rule refuses", async () => {
    const refused = await previewRule({
      ctx: await ctxAs("security_analyst"),
      input: { rule: "denial_burst" },
    }).catch((e: unknown) => e);
    expect(hasCode(refused, "forbidden")).toBe(true);
    await expect(
      previewRule({
        ctx: await ctxAs("admin"),
        input: { rule: "denial_burst", params: { threshold: 1 } },
      }),
    ).rejects.toThrow(/^denial_burst parameter threshold: /);
  });
});
