import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { acceptInvitation } from "../services/members/invitation-rules";
import { inviteInput, inviteMember } from "../services/members/member-rules";
import { createFirstOwner } from "../services/setup/create-first-owner";
import { grantMembership } from "../services/users/create-user";
import { readAuthConfig } from "./auth-config";
import { resolveSession, startSession } from "./sessions";
import { SetupTokens } from "./setup-token";
import { provisionSsoUser } from "./sso";

describe("first-run setup link", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
  });
  afterAll(async () => store?.close());

  it("expires, works once, and only while no user exists", async () => {
    let now = 0;
    const tokens = new SetupTokens(() => now);
    const { token } = tokens.issue();
    expect(tokens.valid("nope")).toBe(false);
    now = 60 * 60_000 + 1;
    expect(tokens.valid(token)).toBe(false);
    now = 0;
    const fresh = tokens.issue().token;
    const input = {
      token: fresh,
      tenantId: "acme",
      tenantName: "Acme",
      email: "Boss@Acme.test",
      password: "a long password",
    };
    const out = await createFirstOwner(store, tokens, input);
    expect(out.tenantId).toBe("acme");
    expect((await store.admin.membershipsOf(out.userId)).map((m) => m.role)).toEqual(["owner"]);
    await expect(createFirstOwner(store, tokens, input)).rejects.toThrow(/already done/);
    const again = tokens.issue().token;
    await expect(createFirstOwner(store, tokens, { ...input, token: again })).rejects.toThrow(
      /already done/,
    );
    expect(tokens.valid(again)).toBe(false);
  });
});

describe("SSO provisioning from IdP groups", () => {
  let store: Store;
  const config = readAuthConfig({
    OIDC_ISSUER: "http://127.0.0.1:1/",
    OIDC_CLIENT_ID: "c",
    OIDC_CLIENT_SECRET: "s",
    OIDC_ROLE_MAP: "sec=acme:security_analyst,admins=acme:admin,ext-audit=globex:auditor",
  });
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.createTenant({ id: "globex", name: "Globex" });
    await store.admin.createTenant({ id: "initech", name: "Initech" });
  });
  afterAll(async () => store?.close());

  it("creates the user with the strongest mapped role per tenant and an auditor end date", async () => {
    const now = new Date(Date.UTC(2026, 0, 1));
    const r = await provisionSsoUser(
      store,
      config,
      { email: "Eve@Corp.test", name: "Eve", groups: ["sec", "admins", "ext-audit", "other"] },
      now,
    );
    if (!r.ok) throw new Error(r.code);
    const ms = await store.admin.membershipsOf(r.user.id);
    expect(ms.map((m) => [m.tenantId, m.role, m.expiresAt?.toISOString() ?? null])).toEqual([
      ["acme", "admin", null],
      ["globex", "auditor", "2026-01-31T00:00:00.000Z"],
    ]);
  });

  it("follows the IdP: a group removed removes the role; unmapped tenants are left alone", async () => {
    const u = await store.admin.findUserByEmail("eve@corp.test");
    if (!u) throw new Error("missing");
    await store.admin.addMembership({ userId: u.id, tenantId: "initech", role: "viewer" });
    const r = await provisionSsoUser(store, config, {
      email: "eve@corp.test",
      name: null,
      groups: ["sec"],
    });
    expect(r.ok).toBe(true);
    const ms = await store.admin.membershipsOf(u.id);
    expect(ms.map((m) => [m.tenantId, m.role])).toEqual([
      ["acme", "security_analyst"],
      ["initech", "viewer"],
    ]);
  });

  it("refuses someone in no mapped group", async () => {
    const r = await provisionSsoUser(store, config, {
      email: "x@corp.test",
      name: null,
      groups: ["marketing"],
    });
    expect(r).toEqual({ ok: false, code: "SsoNoGroups" });
    expect(await store.admin.findUserByEmail("x@corp.test")).toBeNull();
  });

  it("rejects a malformed role map at start with the variable's name", () => {
    expect(() => readAuthConfig({ OIDC_ROLE_MAP: "sec=acme:god" })).toThrow(/OIDC_ROLE_MAP/);
    expect(() => readAuthConfig({ OIDC_ISSUER: "http://x" })).toThrow(/OIDC_ISSUER/);
  });
});

describe("SSO sign-in of an email whose password came from an invitation link", () => {
  let store: Store;
  const config = readAuthConfig({
    OIDC_ISSUER: "http://127.0.0.1:1/",
    OIDC_CLIENT_ID: "c",
    OIDC_CLIENT_SECRET: "s",
    OIDC_ROLE_MAP: "sec=acme:security_analyst",
  });
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.createTenant({ id: "globex", name: "Globex" });
  });
  afterAll(async () => store?.close());

  it("clears that password, the memberships accepted with it and every session", async () => {
    const owner = await grantMembership(
      { store },
      {
        tenant: "globex",
        email: "owner@globex.test",
        role: "owner",
        password: "globex pw 1234",
      },
    );
    const link = await inviteMember(
      { store, tenant: store.forTenant("globex"), actorUserId: owner.id },
      inviteInput.parse({ email: "dave@corp.test", role: "viewer" }),
    );
    const squat = await acceptInvitation(store, { token: link.token, password: "not dave's pw 1" });
    const session = await startSession(store, squat.userId, "password", 3600);
    const r = await provisionSsoUser(store, config, {
      email: "dave@corp.test",
      name: "Dave",
      groups: ["sec"],
      emailVerified: true,
    });
    expect(r).toMatchObject({
      ok: true,
      passwordCleared: { removedTenants: ["globex"], endedSessions: 1 },
    });
    expect((await store.admin.findUserCredentials("dave@corp.test"))?.passwordHash).toBeNull();
    expect(await resolveSession(store, session)).toBeNull();
    expect((await store.admin.membershipsOf(squat.userId)).map((m) => m.tenantId)).toEqual([
      "acme",
    ]);
    // Once cleared, later sign-ins change nothing more.
    const again = await provisionSsoUser(store, config, {
      email: "dave@corp.test",
      name: null,
      groups: ["sec"],
    });
    expect(again).toMatchObject({ ok: true, passwordCleared: null });
  });

  it("keeps a password the operator set", async () => {
    await grantMembership(
      { store },
      {
        tenant: "acme",
        email: "erin@corp.test",
        role: "viewer",
        password: "operator pw 12",
      },
    );
    const r = await provisionSsoUser(store, config, {
      email: "erin@corp.test",
      name: null,
      groups: ["sec"],
    });
    expect(r).toMatchObject({ ok: true, passwordCleared: null });
    expect((await store.admin.findUserCredentials("erin@corp.test"))?.passwordHash).not.toBeNull();
  });

  it("refuses an email the IdP says it has not verified, and ends sessions when it removes a role", async () => {
    expect(
      await provisionSsoUser(store, config, {
        email: "frank@corp.test",
        name: null,
        groups: ["sec"],
        emailVerified: false,
      }),
    ).toEqual({ ok: false, code: "SsoEmailUnverified" });
    const first = await provisionSsoUser(store, config, {
      email: "gina@corp.test",
      name: null,
      groups: ["sec"],
    });
    if (!first.ok) throw new Error(first.code);
    await store.admin.addMembership({ userId: first.user.id, tenantId: "globex", role: "viewer" });
    const session = await startSession(store, first.user.id, "oidc", 3600);
    await provisionSsoUser(store, config, { email: "gina@corp.test", name: null, groups: [] });
    expect(await resolveSession(store, session)).toBeNull();
  });
});
