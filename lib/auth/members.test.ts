import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { signInWithPassword } from "./credentials";
import { LoginLimiter } from "./login-limiter";
import {
  acceptInvitation,
  changeMember,
  findInvitation,
  inviteInput,
  inviteMember,
  removeMember,
} from "./members";

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

  it("invites with a one-time link that sets a password once", async () => {
    const input = inviteInput.parse({ email: "new@acme.test", role: "security_analyst" });
    const out = await inviteMember(ctx(), input);
    expect(out.token).toBeTruthy();
    expect(await findInvitation(store, out.token ?? "")).toMatchObject({
      email: "new@acme.test",
      tenantName: "Acme",
    });
    await acceptInvitation(store, { token: out.token ?? "", password: "a good long password" });
    await expect(
      acceptInvitation(store, { token: out.token ?? "", password: "another long password" }),
    ).rejects.toThrow(/invalid, used or expired/);
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
      acceptInvitation(store, { token: out.token ?? "", password: "a good long password" }),
    ).rejects.toThrow(/expired/);
  });

  it("needs an end date for auditors and never leaves the organisation without an owner", async () => {
    expect(inviteInput.safeParse({ email: "a@acme.test", role: "auditor" }).success).toBe(false);
    expect(
      inviteInput.safeParse({ email: "a@acme.test", role: "auditor", expires: "2099-01-01" })
        .success,
    ).toBe(true);
    await expect(changeMember(ctx(), ownerId, { role: "admin" })).rejects.toThrow(/last owner/);
    await expect(removeMember(ctx(), ownerId)).rejects.toThrow(/last owner/);
    const second = await inviteMember(
      ctx(),
      inviteInput.parse({ email: "co@acme.test", role: "owner" }),
    );
    await changeMember(ctx(), ownerId, { role: "admin" });
    await expect(removeMember(ctx(), second.userId)).rejects.toThrow(/last owner/);
  });
});
