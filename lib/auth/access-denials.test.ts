import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { type AccessDenial, DenialCoalescer, recordAccessDenied } from "./access-denials";
import type { AuditAction, AuditActor } from "./audit";
import { startSession } from "./sessions";

describe("recording denied access", () => {
  let store: Store;
  const sids: Record<string, string> = {};
  const written: { tenantId: string; actor: AuditActor; a: AuditAction }[] = [];
  const now = new Date(Date.UTC(2026, 5, 1));

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.createTenant({ id: "globex", name: "Globex" });
    const viewer = await store.admin.createUser({ email: "viewer@acme.test", name: "Vi" });
    await store.admin.addMembership({ userId: viewer.id, tenantId: "acme", role: "viewer" });
    sids.viewer = await startSession(store, viewer.id, "password", 3600, now);
  });
  afterAll(async () => store?.close());

  const denial = (over: Partial<AccessDenial> = {}): AccessDenial => ({
    sessionId: sids.viewer ?? null,
    tenantId: "acme",
    permission: "quarantine:read",
    path: "/acme/quarantine",
    surface: "page",
    status: 403,
    reason: "forbidden",
    message: "your role may not do this (quarantine:read)",
    auth: "session",
    ip: "203.0.113.9",
    userAgent: "test",
    ...over,
  });
  const record = (coalescer: DenialCoalescer, d: AccessDenial, at = now) =>
    recordAccessDenied(
      {
        store,
        coalescer,
        now: at,
        audit: async (tenantId, actor, a) => {
          written.push({ tenantId, actor, a });
        },
      },
      d,
    );

  it("writes one access.denied event naming who and what, then coalesces for a minute", async () => {
    written.length = 0;
    const c = new DenialCoalescer();
    expect(await record(c, denial())).toBe("recorded");
    expect(await record(c, denial(), new Date(now.getTime() + 1_000))).toBe("coalesced");
    expect(await record(c, denial(), new Date(now.getTime() + 59_999))).toBe("coalesced");
    // Another path is another denial.
    expect(await record(c, denial({ path: "/acme/settings" }))).toBe("recorded");
    expect(await record(c, denial(), new Date(now.getTime() + 60_000))).toBe("recorded");
    expect(written).toHaveLength(3);
    expect(written[0]).toMatchObject({
      tenantId: "acme",
      actor: { email: "viewer@acme.test", name: "Vi", ip: "203.0.113.9" },
      a: {
        action: "access.denied",
        outcome: "denied",
        details: {
          permission: "quarantine:read",
          path: "/acme/quarantine",
          surface: "page",
          status: 403,
          reason: "forbidden",
        },
        reason: "your role may not do this (quarantine:read)",
      },
    });
    expect(written[2]?.a.details).toMatchObject({ repeats_since_last: 2 });
  });

  it("records a non-member's attempt in the existing tenant's stream, nothing for a made-up one", async () => {
    written.length = 0;
    const c = new DenialCoalescer();
    const other = { tenantId: "globex", path: "/globex/events", status: 404 as const };
    expect(await record(c, denial({ ...other, reason: "not-found" }))).toBe("recorded");
    expect(written[0]).toMatchObject({
      tenantId: "globex",
      a: { details: { status: 404 }, reason: "not a member of this organisation" },
    });
    const nowhere = { tenantId: "no-such", path: "/no-such/events", status: 404 as const };
    expect(await record(c, denial({ ...nowhere, reason: "not-found" }))).toBe("no-tenant");
    expect(await store.admin.getTenant("no-such")).toBeNull();
    expect(await record(c, denial({ sessionId: null }))).toBe("anonymous");
    expect(await record(c, denial({ sessionId: "forged" }))).toBe("anonymous");
    expect(written).toHaveLength(1);
  });

  it("forgets the oldest denial when its memory is full, so it stays bounded", () => {
    const c = new DenialCoalescer(60_000, 2);
    expect(c.admit("a", 0).record).toBe(true);
    expect(c.admit("b", 0).record).toBe(true);
    expect(c.admit("c", 0).record).toBe(true);
    expect(c.admit("b", 1).record).toBe(false);
    expect(c.admit("a", 1).record).toBe(true);
  });
});
