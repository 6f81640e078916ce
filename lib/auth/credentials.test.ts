import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { signInWithPassword } from "./credentials";
import { LoginLimiter } from "./login-limiter";
import { hashPassword } from "./password";

describe("password sign-in", () => {
  let store: Store;
  let clock = 0;
  const limits = {
    maxFailuresPerAccount: 3,
    maxFailuresPerAddress: 10,
    windowMs: 60_000,
    lockMs: 120_000,
  };
  const limiter = () => new LoginLimiter(limits, () => clock);

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createUser({
      email: "ann@acme.test",
      passwordHash: await hashPassword("right password!"),
    });
  });
  afterAll(async () => store?.close());

  it("accepts the right password, case-insensitive email, and rejects a wrong one with one message", async () => {
    const l = limiter();
    const ok = await signInWithPassword(store, l, {
      email: " ANN@acme.test",
      password: "right password!",
      address: "1.1.1.1",
    });
    expect(ok.ok).toBe(true);
    const bad = await signInWithPassword(store, l, {
      email: "ann@acme.test",
      password: "wrong",
      address: "1.1.1.1",
    });
    const unknown = await signInWithPassword(store, l, {
      email: "nobody@acme.test",
      password: "wrong",
      address: "1.1.1.1",
    });
    expect(bad).toMatchObject({ ok: false, message: "Wrong email or password." });
    expect(unknown).toMatchObject({ ok: false, message: "Wrong email or password.", user: null });
  });

  it("locks the account after repeated failures, even for the right password, until the lock ends", async () => {
    const l = limiter();
    clock = 1_000_000;
    for (let i = 0; i < 2; i++)
      await signInWithPassword(store, l, {
        email: "ann@acme.test",
        password: "guess",
        address: `10.0.0.${i}`,
      });
    const third = await signInWithPassword(store, l, {
      email: "ann@acme.test",
      password: "guess",
      address: "10.0.0.9",
    });
    expect(third).toMatchObject({ ok: false, locked: true });
    expect(third.ok ? "" : third.message).toMatch(/locked for 2 minutes/);
    const right = await signInWithPassword(store, l, {
      email: "ann@acme.test",
      password: "right password!",
      address: "10.0.0.10",
    });
    expect(right).toMatchObject({ ok: false, locked: true });
    expect(right.ok ? "" : right.message).toMatch(/Try again in 2 minutes/);
    clock += 120_001;
    const after = await signInWithPassword(store, l, {
      email: "ann@acme.test",
      password: "right password!",
      address: "10.0.0.10",
    });
    expect(after.ok).toBe(true);
  });

  it("locks an address that sprays many accounts", async () => {
    const l = limiter();
    clock = 5_000_000;
    for (let i = 0; i < 10; i++)
      await signInWithPassword(store, l, {
        email: `user${i}@acme.test`,
        password: "x",
        address: "6.6.6.6",
      });
    const r = await signInWithPassword(store, l, {
      email: "ann@acme.test",
      password: "right password!",
      address: "6.6.6.6",
    });
    expect(r).toMatchObject({ ok: false, locked: true });
    const elsewhere = await signInWithPassword(store, l, {
      email: "ann@acme.test",
      password: "right password!",
      address: "7.7.7.7",
    });
    expect(elsewhere.ok).toBe(true);
  });
});
