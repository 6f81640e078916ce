import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { hasCode } from "../../core/errors";
import type { Actor, AuditAction, ServiceCtx } from "../context";
import { prepareDemo } from "./prepare-demo";

/**
 * Getting a tenant ready for the demo on a real store: refusals before anything is created, the
 * kept key reused while active, a new one once it is revoked, an owner only in the demo tenant.
 */
describe("prepareDemo (PGlite)", () => {
  let store: Store;
  const recorded: { tenantId: string; action: AuditAction }[] = [];
  const ctxAs = (actor: Actor): ServiceCtx => ({
    // Read when used: the store is opened in beforeAll.
    get store() {
      return store;
    },
    actor,
    audit: async (tenantId, _a, action) => {
      recorded.push({ tenantId, action });
    },
    now: () => new Date(),
  });
  const operator = ctxAs({ kind: "operator", name: "ops@host" });

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    const dana = await store.admin.createUser({ email: "dana@acme.test" });
    await store.admin.addMembership({ userId: dana.id, tenantId: "acme", role: "viewer" });
  });
  afterAll(async () => store?.close());

  it("refuses a dashboard user, an unknown owner and an owner of another tenant, creating nothing", async () => {
    const user = ctxAs({ kind: "user", userId: "u", email: "u@x.test", auth: "session" });
    const refusals: [ServiceCtx, { tenant: string; owner?: string }, string][] = [
      [user, { tenant: "demo" }, "forbidden"],
      [operator, { tenant: "demo", owner: "nobody@x.test" }, "not-found"],
      [operator, { tenant: "acme", owner: "dana@acme.test" }, "invalid-input"],
    ];
    for (const [ctx, input, code] of refusals) {
      const err = await prepareDemo({ ctx, input }).catch((e: unknown) => e);
      expect([input, hasCode(err, code as "forbidden")]).toEqual([input, true]);
    }
    expect(await store.admin.getTenant("demo")).toBeNull();
    expect(await store.admin.listIngestKeys("acme")).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it("reuses the kept key while it is active and creates one after it is revoked", async () => {
    const first = await prepareDemo({ ctx: operator, input: { tenant: "demo" } });
    expect(first).toMatchObject({ tenant: "demo", created: true, key: { reused: false } });
    expect(first.key.token).toMatch(/^tt_/);
    const again = await prepareDemo({
      ctx: operator,
      input: { tenant: "demo", keyId: first.key.id },
    });
    expect(again).toMatchObject({
      created: false,
      key: { id: first.key.id, token: null, reused: true },
    });
    await store.admin.revokeIngestKey("demo", first.key.id);
    const after = await prepareDemo({
      ctx: operator,
      input: { tenant: "demo", keyId: first.key.id },
    });
    expect(after.key.reused).toBe(false);
    expect(after.key.id).not.toBe(first.key.id);
    expect((await store.admin.listIngestKeys("demo")).length).toBe(2);
  });

  it("makes an account owner of the demo tenant only, audited once there", async () => {
    recorded.length = 0;
    for (let i = 0; i < 2; i++)
      await prepareDemo({ ctx: operator, input: { tenant: "demo", owner: "dana@acme.test" } });
    const dana = await store.admin.findUserByEmail("dana@acme.test");
    const roles = (await store.admin.membershipsOf(dana?.id ?? "")).map((m) => [
      m.tenantId,
      m.role,
    ]);
    expect(roles.sort()).toEqual([
      ["acme", "viewer"],
      ["demo", "owner"],
    ]);
    expect(
      recorded.filter((r) => r.action.action === "member.added").map((r) => r.tenantId),
    ).toEqual(["demo"]);
  });
});
