import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import type { Actor, AuditAction, TenantCtx } from "../context";
import { issueRevocation } from "./issue";
import { listRevocations } from "./list";
import { recordRevocationException } from "./record-exception";

/**
 * The revocation services on a real store: issuing bumps the server's list and is audited with
 * the reviewer; an exception is for a revoke not enforced, noted and audited; each refuses a role
 * without its permission before anything changes, and another tenant's revocation is not found.
 */
describe("revocation services (PGlite)", () => {
  let store: Store;
  const recorded: { tenantId: string; action: AuditAction }[] = [];
  const reviewer: Actor = { kind: "user", userId: "u-rev", email: "r@acme.test", auth: "session" };

  async function ctxAs(role: Role | null, tenantId = "acme"): Promise<TenantCtx> {
    const tenant = await store.admin.getTenant(tenantId);
    if (!tenant) throw new Error("no tenant");
    return {
      store,
      actor: role === null ? { kind: "operator", name: "ops@host" } : reviewer,
      audit: async (t, _a, action) => {
        recorded.push({ tenantId: t, action });
      },
      now: () => new Date("2026-03-01T10:00:00Z"),
      tenant,
      data: store.forTenant(tenantId),
      can: (p) => role === null || can(role, p),
    };
  }
  const input = {
    principal: "alice",
    server: "memory",
    tools: ["delete_entities", "delete_entities"],
    campaignId: "c1",
    campaignName: "Q1 review",
    entryId: "e1",
    reason: "  not needed any more ",
  };

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.createTenant({ id: "globex", name: "Globex" });
  });
  afterAll(async () => store?.close());

  it("issues a revocation with the reviewer and the next list version, audited", async () => {
    recorded.length = 0;
    const ctx = await ctxAs("security_analyst");
    const a = await issueRevocation({ ctx, input });
    const b = await issueRevocation({ ctx, input: { ...input, tools: [] } });
    expect(a).toMatchObject({
      reviewerUserId: "u-rev",
      tools: ["delete_entities"],
      reason: "not needed any more",
      status: "pending",
      listVersion: 1,
    });
    expect(b.listVersion).toBe(2);
    expect(
      recorded.map((r) => [r.tenantId, r.action.action, r.action.details?.revocation_id]),
    ).toEqual([
      ["acme", "revocation.issued", a.id],
      ["acme", "revocation.issued", b.id],
    ]);
    const op = await issueRevocation({ ctx: await ctxAs(null), input });
    expect(op.reviewerUserId).toBe("operator:ops@host");
  });

  it("refuses bad input and roles without reviews:decide, changing nothing", async () => {
    const ctx = await ctxAs("owner");
    const before = await ctx.data.guardAccess.listVersion("memory");
    await expect(issueRevocation({ ctx, input: { ...input, reason: " " } })).rejects.toThrow(
      /reason: reason is required/,
    );
    await expect(
      issueRevocation({ ctx, input: { ...input, principal: "bad\nname" } }),
    ).rejects.toThrow(/principal must not contain control characters/);
    for (const role of ["viewer", "auditor"] as const)
      await expect(issueRevocation({ ctx: await ctxAs(role), input })).rejects.toMatchObject({
        code: "forbidden",
      });
    expect(await ctx.data.guardAccess.listVersion("memory")).toBe(before);
  });

  it("records a noted exception on a pending revocation, never on an enforced one", async () => {
    const ctx = await ctxAs("compliance_officer");
    const r = await issueRevocation({ ctx: await ctxAs("owner"), input });
    await expect(
      recordRevocationException({
        ctx: await ctxAs("security_analyst"),
        input: { revocationId: r.id, note: "x" },
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    recorded.length = 0;
    const out = await recordRevocationException({
      ctx,
      input: { revocationId: r.id, note: "the server is retired next week" },
    });
    expect(out).toMatchObject({
      status: "exception",
      exceptionNote: "the server is retired next week",
    });
    expect(recorded.map((x) => x.action.action)).toEqual(["revocation.exception_recorded"]);

    const s = await issueRevocation({ ctx: await ctxAs("owner"), input });
    await ctx.data.guardAccess.confirmRevocation(s.id, "i1", new Date());
    await expect(
      recordRevocationException({ ctx, input: { revocationId: s.id, note: "late" } }),
    ).rejects.toMatchObject({ code: "conflict" });
    // Another tenant's revocation is not found from this one.
    await expect(
      recordRevocationException({
        ctx: await ctxAs("owner", "globex"),
        input: { revocationId: r.id, note: "x" },
      }),
    ).rejects.toMatchObject({ code: "not-found" });
  });

  it("lists a campaign's revocations for readers, audited", async () => {
    recorded.length = 0;
    const list = await listRevocations({
      ctx: await ctxAs("auditor"),
      input: { campaignId: "c1" },
    });
    expect(list.length).toBeGreaterThanOrEqual(3);
    expect(list.every((r) => r.campaignId === "c1")).toBe(true);
    expect(recorded.map((x) => x.action.action)).toEqual(["revocations.list"]);
    expect(
      await listRevocations({ ctx: await ctxAs("owner", "globex"), input: { campaignId: "c1" } }),
    ).toEqual([]);
    await expect(
      listRevocations({ ctx: await ctxAs("viewer"), input: { campaignId: "c1" } }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
