import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { createIngestPipeline, type IngestPipeline } from "../../ingest/pipeline";
import { loadConfig } from "../core/config";
import { type AuditAction, type AuditActor, buildAuditEvent } from "./audit";
import { LoginLimiter } from "./login-limiter";
import { hashPassword } from "./password";
import { FAILED_SIGN_IN_MS, passwordSignIn } from "./password-sign-in";

/**
 * Failed sign-ins through the real self-audit pipeline: where each is recorded, and that an
 * unknown email is indistinguishable from a known one by message, lockout and response time.
 */
describe("password sign-in: recording failures and hiding which emails exist", () => {
  let store: Store;
  let pipeline: IngestPipeline;
  let dataDir: string;
  const limiter = new LoginLimiter({
    maxFailuresPerAccount: 3,
    maxFailuresPerAddress: 1000,
    windowMs: 60_000,
    lockMs: 120_000,
  });
  const audit = (tenantId: string, actor: AuditActor, a: AuditAction) =>
    pipeline.recordInternal(tenantId, [buildAuditEvent(actor, a, "test")]);
  const attempt = (email: string, password = "wrong password", address = "10.1.1.1") =>
    passwordSignIn({ store, limiter, audit }, { email, password, address, userAgent: "vitest" });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "tooltrail-signin-"));
    store = await openPgliteStore(undefined);
    await store.migrate();
    pipeline = await createIngestPipeline(
      loadConfig({ DATA_DIR: dataDir, INGEST_WORKERS: "0" }),
      store,
      { info() {}, error() {} },
    );
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    await store.admin.createTenant({ id: "globex", name: "Globex" });
    const hash = await hashPassword("right password!");
    for (const email of ["ann@acme.test", "cat@acme.test", "dan@acme.test", "solo@acme.test"]) {
      const u = await store.admin.createUser({ email, passwordHash: hash });
      if (email === "solo@acme.test") continue;
      await store.admin.addMembership({ userId: u.id, tenantId: "acme", role: "viewer" });
      if (email === "ann@acme.test")
        await store.admin.addMembership({ userId: u.id, tenantId: "globex", role: "viewer" });
    }
  });
  afterAll(async () => {
    await pipeline?.close();
    await store?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("records a known account's failure in each of its tenants and an unknown email's in the security log", async () => {
    const known = await attempt("ann@acme.test");
    const unknown = await attempt("  ＥＶＥ@Example.TEST ", "x", "203.0.113.9");
    const orphan = await attempt("solo@acme.test", "x", "203.0.113.10");
    for (const r of [known, unknown, orphan])
      expect(r).toMatchObject({ ok: false, locked: false, message: "Wrong email or password." });
    for (const t of ["acme", "globex"]) {
      const page = await store
        .forTenant(t)
        .listEvents({ tool: ["auth.sign_in_failed"], limit: 10 });
      expect(page.events.map((e) => [e.actor.id, e.outcome, e.actor.ip])).toEqual([
        ["ann@acme.test", "denied", "10.1.1.1"],
      ]);
    }
    const log = await store.admin.securityLog.list(10);
    expect(log.map((r) => [r.email, r.address, r.attempts])).toEqual([
      ["solo@acme.test", "203.0.113.10", 1],
      ["eve@example.test", "203.0.113.9", 1],
    ]);
  });

  it("locks an unknown email exactly like a known account, with the same messages", async () => {
    const sequence = async (email: string) => {
      const out: string[] = [];
      for (let i = 0; i < 4; i++) {
        const r = await attempt(email, i === 3 ? "right password!" : "wrong");
        out.push(r.ok ? "ok" : `${r.locked} ${r.message}`);
      }
      return out;
    };
    const known = await sequence("cat@acme.test");
    const unknown = await sequence("nobody@acme.test");
    expect(unknown).toEqual(known);
    expect(known).toEqual([
      "false Wrong email or password.",
      "false Wrong email or password.",
      "true Too many failed sign-ins. Sign-in is locked for 2 minutes.",
      "true Too many failed sign-ins. Try again in 2 minutes.",
    ]);
    const row = (await store.admin.securityLog.list(10)).find(
      (r) => r.email === "nobody@acme.test",
    );
    expect(row).toMatchObject({ attempts: 4, lockedAttempts: 2 });
  });

  it("answers every failure at one fixed time, whatever the account and whatever it recorded", async () => {
    const timed = async (email: string, address: string) => {
      const t0 = performance.now();
      await attempt(email, "wrong", address);
      return performance.now() - t0;
    };
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const runs: Record<string, number[]> = {
      known: [],
      unknown: [],
      locked: [],
      lockedUnknown: [],
    };
    for (let i = 0; i < 5; i++) {
      // dan is a member (audit events through the pipeline); the unknown emails are all new.
      runs.known?.push(await timed("dan@acme.test", `10.2.0.${i}`));
      runs.unknown?.push(await timed(`ghost-${i}@acme.test`, `10.3.0.${i}`));
      // Locked by the previous test: no password check at all.
      runs.locked?.push(await timed("cat@acme.test", `10.4.0.${i}`));
      runs.lockedUnknown?.push(await timed("nobody@acme.test", `10.5.0.${i}`));
    }
    const all = Object.values(runs).flat();
    expect(Math.min(...all)).toBeGreaterThanOrEqual(FAILED_SIGN_IN_MS);
    const medians = Object.values(runs).map(median);
    expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(50);
  }, 60_000);
});
