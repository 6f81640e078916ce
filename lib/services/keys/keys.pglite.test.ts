import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import { hasCode } from "../../core/errors";
import type { Actor, AuditAction, TenantCtx } from "../context";
import { createKey } from "./create-key";
import { revokeKey } from "./revoke-key";

/**
 * Revoking a key is one service whoever asks: a dashboard user and the operator change the store
 * the same way and leave exactly one `key.revoked` event, by themselves; a role without
 * `keys:manage` is refused before anything changes.
 */
describe("keys service (PGlite)", () => {
  let store: Store;
  const recorded: { tenantId: string; actor: Actor; action: AuditAction }[] = [];
  const owner: Actor = { kind: "user", userId: "u1", email: "owner@acme.test", auth: "session" };
  const operator: Actor = { kind: "operator", name: "ops@host" };

  async function ctxAs(actor: Actor, role: "owner" | "viewer" | null): Promise<TenantCtx> {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor,
      audit: async (tenantId, a, action) => {
        recorded.push({ tenantId, actor: a, action });
      },
      now: () => new Date(),
      tenant,
      data: store.forTenant("acme"),
      can: (p) => role === null || can(role, p),
    };
  }

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
  });
  afterAll(async () => store?.close());

  const revokedEvents = () => recorded.filter((r) => r.action.action === "key.revoked");
  const active = async (id: string) =>
    (await store.admin.listIngestKeys("acme")).find((k) => k.id === id)?.revokedAt === null;

  for (const [who, actor] of [
    ["a dashboard user", owner],
    ["the operator", operator],
  ] as const) {
    it(`revokes as ${who} and audits it once, by them`, async () => {
      const ctx = await ctxAs(actor, actor.kind === "user" ? "owner" : null);
      const key = await createKey({ ctx, input: { name: "github-mcp" } });
      expect(await active(key.id)).toBe(true);
      recorded.length = 0;

      await expect(revokeKey({ ctx, input: { id: key.id } })).resolves.toEqual({
        id: key.id,
        revoked: true,
      });
      expect(await active(key.id)).toBe(false);
      expect(revokedEvents()).toEqual([
        { tenantId: "acme", actor, action: { action: "key.revoked", details: { key_id: key.id } } },
      ]);

      // A second revocation is refused and audits nothing.
      await expect(revokeKey({ ctx, input: { id: key.id } })).rejects.toThrow(
        /unknown or already revoked/,
      );
      expect(revokedEvents()).toHaveLength(1);
    });
  }

  it("refuses a role without keys:manage with code forbidden, changing nothing", async () => {
    const key = await createKey({ ctx: await ctxAs(operator, null), input: { name: "k" } });
    recorded.length = 0;
    const viewer = await ctxAs({ ...owner, userId: "u2", email: "v@acme.test" }, "viewer");
    const err = await revokeKey({ ctx: viewer, input: { id: key.id } }).catch((e: unknown) => e);
    expect(hasCode(err, "forbidden")).toBe(true);
    expect(await active(key.id)).toBe(true);
    expect(recorded).toEqual([]);
  });
});
