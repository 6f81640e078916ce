import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { readAuthConfig } from "./auth-config";
import { createFirstOwner } from "./first-owner";
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
    if (!r.ok) throw new Error(r.message);
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
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/none of the groups/) });
    expect(await store.admin.findUserByEmail("x@corp.test")).toBeNull();
  });

  it("rejects a malformed role map at start with the variable's name", () => {
    expect(() => readAuthConfig({ OIDC_ROLE_MAP: "sec=acme:god" })).toThrow(/OIDC_ROLE_MAP/);
    expect(() => readAuthConfig({ OIDC_ISSUER: "http://x" })).toThrow(/OIDC_ISSUER/);
  });
});
