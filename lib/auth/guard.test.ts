import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { AccessError, assertSameOrigin, authorize } from "./guard";
import { PERMISSIONS, ROLE_PERMISSIONS } from "./permissions";
import { ROLES } from "./roles";
import { endSession, endSessionsOf, startSession } from "./sessions";

describe("the guard", () => {
  let store: Store;
  const ids: Record<string, string> = {};
  /** A live session of each user. */
  const sids: Record<string, string> = {};
  const now = new Date(Date.UTC(2026, 5, 1));

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.createTenant({ id: "globex", name: "Globex" });
    for (const role of ROLES) {
      const u = await store.admin.createUser({ email: `${role}@acme.test` });
      ids[role] = u.id;
      await store.admin.addMembership({
        userId: u.id,
        tenantId: "acme",
        role,
        ...(role === "auditor" ? { expiresAt: new Date(now.getTime() + 86_400_000) } : {}),
      });
    }
    const expired = await store.admin.createUser({ email: "expired@acme.test" });
    ids.expired = expired.id;
    await store.admin.addMembership({
      userId: expired.id,
      tenantId: "acme",
      role: "auditor",
      expiresAt: new Date(now.getTime() - 1),
    });
    const other = await store.admin.createUser({ email: "owner@globex.test" });
    ids.globex = other.id;
    await store.admin.addMembership({ userId: other.id, tenantId: "globex", role: "owner" });
    for (const [who, id] of Object.entries(ids))
      sids[who] = await startSession(store, id, "password", 3600, now);
  });
  afterAll(async () => store?.close());

  async function status(
    sessionId: string | null,
    tenantId: string,
    permission: (typeof PERMISSIONS)[number],
    at = now,
  ) {
    try {
      await authorize(store, { sessionId, tenantId, permission, now: at });
      return 200;
    } catch (err) {
      if (err instanceof AccessError) return err.status;
      throw err;
    }
  }

  it("allows exactly what each role's permissions say, for every permission", async () => {
    for (const role of ROLES)
      for (const p of PERMISSIONS)
        expect([role, p, await status(sids[role] ?? null, "acme", p)]).toEqual([
          role,
          p,
          ROLE_PERMISSIONS[role].has(p) ? 200 : 403,
        ]);
  });

  it("answers 'not found' for a tenant the user does not belong to, whatever the role", async () => {
    for (const p of PERMISSIONS) expect(await status(sids.globex ?? null, "acme", p)).toBe(404);
    expect(await status(sids.owner ?? null, "globex", "overview:read")).toBe(404);
    expect(await status(sids.owner ?? null, "no-such-tenant", "overview:read")).toBe(404);
  });

  it("refuses signed-out callers and unknown or malformed session ids with 401", async () => {
    expect(await status(null, "acme", "overview:read")).toBe(401);
    expect(await status("00000000-0000-4000-8000-000000000000", "acme", "overview:read")).toBe(401);
    expect(await status("' OR 1=1 --", "acme", "overview:read")).toBe(401);
    // A user id is not a session id.
    expect(await status(ids.owner ?? null, "acme", "overview:read")).toBe(401);
  });

  it("refuses a session that was signed out, revoked or expired", async () => {
    const viewer = (await store.admin.createUser({ email: "sessions@acme.test" })).id;
    await store.admin.addMembership({ userId: viewer, tenantId: "acme", role: "viewer" });
    const out = await startSession(store, viewer, "password", 3600, now);
    expect(await status(out, "acme", "overview:read")).toBe(200);
    await endSession(store, out, now);
    expect(await status(out, "acme", "overview:read")).toBe(401);

    const kept = await startSession(store, viewer, "oidc", 3600, now);
    const other = await startSession(store, viewer, "password", 3600, now);
    expect(await endSessionsOf(store, viewer, { keep: kept, now })).toBe(1);
    expect(await status(other, "acme", "overview:read")).toBe(401);
    expect(await status(kept, "acme", "overview:read")).toBe(200);
    expect(await status(kept, "acme", "overview:read", new Date(now.getTime() + 3600_000))).toBe(
      401,
    );
  });

  it("ends an auditor's access by itself at the expiry date", async () => {
    expect(await status(sids.auditor ?? null, "acme", "events:payload")).toBe(200);
    const err = await authorize(store, {
      sessionId: sids.expired ?? null,
      tenantId: "acme",
      permission: "overview:read",
      now,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessError);
    expect((err as AccessError).reason).toBe("expired");
    expect((err as AccessError).message).toMatch(/ended on 2026-05-31/);
  });

  it("hands out a store scoped to the authorized tenant only", async () => {
    const a = await authorize(store, {
      sessionId: sids.owner ?? null,
      tenantId: "acme",
      permission: "events:read",
      now,
    });
    expect(a.store.tenantId).toBe("acme");
    expect(a.memberships.map((m) => m.tenantId)).toEqual(["acme"]);
  });

  it("refuses cross-site mutations", () => {
    const h = (map: Record<string, string>) => (n: string) => map[n] ?? null;
    const allowed = ["http://localhost:3000"];
    expect(() => assertSameOrigin(h({ origin: "http://localhost:3000" }), allowed)).not.toThrow();
    expect(() => assertSameOrigin(h({ origin: "https://evil.example" }), allowed)).toThrow(
      AccessError,
    );
    expect(() => assertSameOrigin(h({}), allowed)).toThrow(/no Origin/);
    expect(() => assertSameOrigin(h({ "sec-fetch-site": "same-origin" }), allowed)).not.toThrow();
    expect(() => assertSameOrigin(h({ "sec-fetch-site": "cross-site" }), allowed)).toThrow();
  });
});

describe("the role map", () => {
  it("keeps viewers to the overview and auditors, admins and viewers away from exports", () => {
    expect([...ROLE_PERMISSIONS.viewer]).toEqual(["overview:read", "flags:count"]);
    for (const r of ["auditor", "admin", "viewer"] as const)
      expect(ROLE_PERMISSIONS[r].has("events:export")).toBe(false);
    for (const p of PERMISSIONS)
      if (p.endsWith(":manage")) expect(ROLE_PERMISSIONS.auditor.has(p)).toBe(false);
    expect(ROLE_PERMISSIONS.admin.has("events:payload")).toBe(false);
    expect(ROLE_PERMISSIONS.owner.size).toBe(PERMISSIONS.length);
  });

  it("lets owners and analysts triage flags, readers and admins read them, admins configure rules", () => {
    const holders = (p: (typeof PERMISSIONS)[number]) =>
      Object.entries(ROLE_PERMISSIONS)
        .filter(([, set]) => set.has(p))
        .map(([r]) => r)
        .sort();
    expect(holders("flags:triage")).toEqual(["owner", "security_analyst"]);
    expect(holders("flags:read")).toEqual([
      "admin",
      "auditor",
      "compliance_officer",
      "owner",
      "security_analyst",
    ]);
    expect(holders("detection:configure")).toEqual(["admin", "owner"]);
    expect(holders("flags:count")).toHaveLength(6);
  });
});
