import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "./pglite";
import type { Store } from "./types";

describe("instance-level stores: user preferences and the security log", () => {
  let store: Store;
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
  });
  afterAll(async () => store?.close());

  it("keeps each user's preference under its key, overwriting in place", async () => {
    const ann = await store.admin.createUser({ email: "ann@acme.test" });
    const bob = await store.admin.createUser({ email: "bob@acme.test" });
    const prefs = store.admin.userPreferences;
    expect(await prefs.get(ann.id, "explorer.columns")).toBeNull();
    await prefs.set(ann.id, "explorer.columns", { hidden: ["verdict"] });
    await prefs.set(ann.id, "explorer.columns", { hidden: ["tool", "client"] });
    await prefs.set(bob.id, "explorer.columns", { hidden: [] });
    expect(await prefs.get(ann.id, "explorer.columns")).toEqual({ hidden: ["tool", "client"] });
    expect(await prefs.get(bob.id, "explorer.columns")).toEqual({ hidden: [] });
    expect(await prefs.get(ann.id, "other")).toBeNull();
  });

  it("adds repeats of one email and address within an hour to one row, locked ones counted", async () => {
    const log = store.admin.securityLog;
    const at = new Date(Date.UTC(2026, 0, 1, 10, 5));
    const e = { kind: "sign_in_failed" as const, email: "x@evil.test", address: "10.0.0.1" };
    await log.record({ ...e, at, locked: false }, 100);
    await log.record({ ...e, at: new Date(at.getTime() + 60_000), locked: true }, 100);
    await log.record({ ...e, at: new Date(at.getTime() + 3_600_000), locked: false }, 100);
    await log.record({ ...e, address: "10.0.0.2", at, locked: false }, 100);
    const rows = await log.list(10);
    expect(
      rows.map((r) => [r.address, r.attempts, r.lockedAttempts, r.lastAt.toISOString()]),
    ).toEqual([
      ["10.0.0.1", 1, 0, "2026-01-01T11:05:00.000Z"],
      ["10.0.0.1", 2, 1, "2026-01-01T10:06:00.000Z"],
      ["10.0.0.2", 1, 0, "2026-01-01T10:05:00.000Z"],
    ]);
  });

  it("stays bounded under a spray of distinct emails: only the newest rows are kept", async () => {
    const log = store.admin.securityLog;
    const at = Date.UTC(2026, 0, 2);
    for (let i = 0; i < 60; i++)
      await log.record(
        {
          kind: "sign_in_failed",
          email: `spray-${i}@evil.test`,
          address: "10.9.9.9",
          at: new Date(at + i * 1000),
          locked: false,
        },
        25,
      );
    const rows = await log.list(1000);
    expect(rows).toHaveLength(25);
    expect(rows[0]?.email).toBe("spray-59@evil.test");
    expect(rows.at(-1)?.email).toBe("spray-35@evil.test");
  });
});
