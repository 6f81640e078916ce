import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { acceptInvitation, findInvitation } from "../services/members/invitation-rules";
import {
  changeMember,
  inviteInput,
  inviteMember,
  removeMember,
} from "../services/members/member-rules";
import { signInWithPassword } from "./credentials";
import { LoginLimiter } from "./login-limiter";
import { resolveSession, startSession } from "./sessions";

describe("members", () => {
  let store: Store;
  let ownerId = "";
  const ctx = () => ({ store, tenant: store.forTenant("acme"), actorUserId: ownerId });

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    const o = await store.admin.createUser({ email: "owner@acme.test", passwordHash: "x" });
    ownerId = o.id;
    await store.admin.addMembership({ userId: o.id, tenantId: "acme", role: "owner" });
  });
  afterAll(async () => store?.close());

  it("invites a new email with a one-time link whose holder chooses the password once", async () => {
    const input = inviteInput.parse({ email: "New@Acme.test", role: "security_analyst" });
    const out = await inviteMember(ctx(), input);
    expect(out.email).toBe("new@acme.test");
    expect(await store.admin.findUserByEmail("new@acme.test")).toBeNull();
    expect(await findInvitation(store, out.token)).toMatchObject({
      email: "new@acme.test",
      tenantName: "Acme",
      role: "security_analyst",
    });
    expect((await store.admin.invitations.pending("acme", new Date())).map((i) => i.email)).toEqual(
      ["new@acme.test"],
    );
    const joined = await acceptInvitation(store, {
      token: out.token,
      password: "a good long password",
    });
    expect(joined).toMatchObject({
      email: "new@acme.test",
      tenantId: "acme",
      role: "security_analyst",
    });
    await expect(
      acceptInvitation(store, { token: out.token, password: "another long password" }),
    ).rejects.toThrow(/invalid, used or expired/);
    expect(await store.admin.invitations.pending("acme", new Date())).toEqual([]);
    const signIn = await signInWithPassword(store, new LoginLimiter(), {
      email: "new@acme.test",
      password: "a good long password",
      address: "1",
    });
    expect(signIn.ok).toBe(true);
    await expect(inviteMember(ctx(), input)).rejects.toThrow(/already a member/);
  });

  it("rejects expired invitation links", async () => {
    const out = await inviteMember(
      { ...ctx(), now: new Date(Date.now() - 8 * 86_400_000) },
      inviteInput.parse({ email: "late@acme.test", role: "viewer" }),
    );
    await expect(
      acceptInvitation(store, { token: out.token, password: "a good long password" }),
    ).rejects.toThrow(/expired/);
    expect(await store.admin.findUserByEmail("late@acme.test")).toBeNull();
  });

  it("carries an auditor's end date from the invitation into the membership", async () => {
    const out = await inviteMember(
      ctx(),
      inviteInput.parse({ email: "aud@acme.test", role: "auditor", expires: "2099-01-31" }),
    );
    const joined = await acceptInvitation(store, {
      token: out.token,
      password: "auditor pw 12345",
    });
    expect((await store.admin.membershipsOf(joined.userId)).map((m) => m.expiresAt)).toEqual([
      new Date("2099-01-31T23:59:59.999Z"),
    ]);
  });

  it("needs an end date for auditors and never leaves the organisation without an owner", async () => {
    expect(inviteInput.safeParse({ email: "a@acme.test", role: "auditor" }).success).toBe(false);
    expect(
      inviteInput.safeParse({ email: "a@acme.test", role: "auditor", expires: "2099-01-01" })
        .success,
    ).toBe(true);
    await expect(changeMember(ctx(), ownerId, { role: "admin" })).rejects.toThrow(/last owner/);
    await expect(removeMember(ctx(), ownerId)).rejects.toThrow(/last owner/);
    const invited = await inviteMember(
      ctx(),
      inviteInput.parse({ email: "co@acme.test", role: "owner" }),
    );
    const second = await acceptInvitation(store, {
      token: invited.token,
      password: "co-owner password",
    });
    await changeMember(ctx(), ownerId, { role: "admin" });
    await expect(removeMember(ctx(), second.userId)).rejects.toThrow(/last owner/);
  });

  it("ends every session of a removed member", async () => {
    const invited = await inviteMember(
      ctx(),
      inviteInput.parse({ email: "leaver@acme.test", role: "viewer" }),
    );
    const { userId } = await acceptInvitation(store, {
      token: invited.token,
      password: "leaver password 1",
    });
    const sessions = [
      await startSession(store, userId, "password", 3600),
      await startSession(store, userId, "oidc", 3600),
    ];
    expect(await removeMember(ctx(), userId)).toMatchObject({ endedSessions: 2 });
    for (const s of sessions) expect(await resolveSession(store, s)).toBeNull();
  });
});
