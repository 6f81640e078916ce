import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { acceptInvitation, joinWithInvitation } from "../services/members/invitation-rules";
import { inviteInput, inviteMember } from "../services/members/member-rules";
import { grantMembership } from "../services/users/create-user";
import { readAuthConfig } from "./auth-config";
import { signInWithPassword } from "./credentials";
import { LoginLimiter } from "./login-limiter";
import { resolveSession, startSession } from "./sessions";
import { provisionSsoUser } from "./sso";

const ATTACKER_PASSWORD = "attacker chose this password";

/**
 * The external probe: user accounts are global, organisations are not. The owner of globex invites
 * an email that has an account (or a pending invitation) in acme, holds the link, and must get
 * neither the account's password nor acme. The account holder joins globex only by accepting
 * while signed in as that email.
 */
describe("an invitation never takes over an account of another organisation", () => {
  let store: Store;
  let attackerId = "";
  let acmeOwnerId = "";
  const globex = () => ({ store, tenant: store.forTenant("globex"), actorUserId: attackerId });
  const acme = () => ({ store, tenant: store.forTenant("acme"), actorUserId: acmeOwnerId });
  const sso = readAuthConfig({
    OIDC_ISSUER: "http://127.0.0.1:1/",
    OIDC_CLIENT_ID: "c",
    OIDC_CLIENT_SECRET: "s",
    OIDC_ROLE_MAP: "acme-staff=acme:security_analyst",
  });

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.createTenant({ id: "globex", name: "Globex" });
    const ctx = { store };
    acmeOwnerId = (
      await grantMembership(ctx, {
        tenant: "acme",
        email: "owner@acme.test",
        role: "owner",
        password: "acme pw 123456",
      })
    ).id;
    // `tooltrail users create` without a password: an acme owner who signs in some other way.
    await grantMembership(ctx, { tenant: "acme", email: "sso-owner@acme.test", role: "owner" });
    await grantMembership(ctx, { tenant: "acme", email: "cli-only@acme.test", role: "viewer" });
    attackerId = (
      await grantMembership(ctx, {
        tenant: "globex",
        email: "owner@globex.test",
        role: "owner",
        password: "globex pw 1234",
      })
    ).id;
    const r = await provisionSsoUser(store, sso, {
      email: "analyst@acme.test",
      name: null,
      groups: ["acme-staff"],
    });
    if (!r.ok) throw new Error(r.code);
  });
  afterAll(async () => store?.close());

  async function tenantsOf(email: string): Promise<string[] | null> {
    const u = await store.admin.findUserByEmail(email);
    return u ? (await store.admin.membershipsOf(u.id)).map((m) => m.tenantId) : null;
  }

  async function attackerSignsInAs(email: string) {
    return (
      await signInWithPassword(store, new LoginLimiter(), {
        email,
        password: ATTACKER_PASSWORD,
        address: "203.0.113.9",
      })
    ).ok;
  }

  it("answers the inviter the same for an unknown email and for accounts elsewhere", async () => {
    const shape = async (email: string) => {
      const out = await inviteMember(globex(), inviteInput.parse({ email, role: "viewer" }));
      return { ...out, token: out.token.replace(/./g, "x").length > 20, email: "…" };
    };
    const unknown = await shape("nobody@nowhere.test");
    for (const e of ["owner@acme.test", "sso-owner@acme.test", "analyst@acme.test"])
      expect(await shape(e)).toEqual(unknown);
  });

  for (const victim of ["sso-owner@acme.test", "cli-only@acme.test", "analyst@acme.test"]) {
    it(`sets no password through the link for ${victim}, who joins only by accepting while signed in`, async () => {
      const link = await inviteMember(
        globex(),
        inviteInput.parse({ email: victim, role: "viewer" }),
      );
      expect(link.token).toEqual(expect.any(String));
      await expect(
        acceptInvitation(store, { token: link.token, password: ATTACKER_PASSWORD }),
      ).rejects.toThrow(/has an account: sign in as .* to accept/);
      expect(await attackerSignsInAs(victim)).toBe(false);
      expect(await tenantsOf(victim)).toEqual(["acme"]);

      // The attacker's own session does not qualify: the link needs the invited account's session.
      const attackerSession = await startSession(store, attackerId, "password", 3600);
      await expect(
        joinWithInvitation(store, { token: link.token, sessionId: attackerSession }),
      ).rejects.toThrow(/signed in as owner@globex.test.*sign out/);
      expect(await tenantsOf(victim)).toEqual(["acme"]);

      // The account holder, signed in (twice), accepts: membership added, the other session ends.
      const u = await store.admin.findUserByEmail(victim);
      if (!u) throw new Error("victim missing");
      const other = await startSession(store, u.id, "oidc", 3600);
      const mine = await startSession(store, u.id, "oidc", 3600);
      const joined = await joinWithInvitation(store, { token: link.token, sessionId: mine });
      expect(joined).toMatchObject({ tenantId: "globex", role: "viewer", endedSessions: 1 });
      expect((await tenantsOf(victim))?.sort()).toEqual(["acme", "globex"]);
      expect(await resolveSession(store, other)).toBeNull();
      expect(await resolveSession(store, mine)).not.toBeNull();
      await expect(
        joinWithInvitation(store, { token: link.token, sessionId: mine }),
      ).rejects.toThrow(/invalid, used or expired/);
    });
  }

  it("gives a pending acme invitee's email no acme access through another organisation's link", async () => {
    const acmeLink = await inviteMember(
      acme(),
      inviteInput.parse({ email: "pending@acme.test", role: "compliance_officer" }),
    );
    expect(await tenantsOf("pending@acme.test")).toBeNull();
    const evil = await inviteMember(
      globex(),
      inviteInput.parse({ email: "pending@acme.test", role: "viewer" }),
    );
    // Nobody had this email: the link creates an account, in globex only.
    await acceptInvitation(store, { token: evil.token, password: ATTACKER_PASSWORD });
    expect(await attackerSignsInAs("pending@acme.test")).toBe(true);
    expect(await tenantsOf("pending@acme.test")).toEqual(["globex"]);
    // acme's own link now sets no password either: acme needs its token and the account's session.
    await expect(
      acceptInvitation(store, { token: acmeLink.token, password: "the real person's pw" }),
    ).rejects.toThrow(/has an account/);
    expect(await tenantsOf("pending@acme.test")).toEqual(["globex"]);
  });

  it("adds nobody to an organisation before they accept, and a new link replaces the old", async () => {
    const first = await inviteMember(
      globex(),
      inviteInput.parse({ email: "owner@acme.test", role: "admin" }),
    );
    const second = await inviteMember(
      globex(),
      inviteInput.parse({ email: "owner@acme.test", role: "viewer" }),
    );
    expect(await tenantsOf("owner@acme.test")).toEqual(["acme"]);
    const session = await startSession(store, acmeOwnerId, "password", 3600);
    await expect(
      joinWithInvitation(store, { token: first.token, sessionId: session }),
    ).rejects.toThrow(/invalid, used or expired/);
    await joinWithInvitation(store, { token: second.token, sessionId: session });
    expect((await store.admin.membershipsOf(acmeOwnerId)).map((m) => [m.tenantId, m.role])).toEqual(
      [
        ["acme", "owner"],
        ["globex", "viewer"],
      ],
    );
  });
});
