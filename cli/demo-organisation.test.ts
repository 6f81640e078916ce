import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../db/store/pglite";
import { freePort } from "../test/fixtures/ports";
import {
  runTooltrail,
  startTooltrailProcess,
  stopProcess,
} from "../test/fixtures/tooltrail-process";

type Summary = { tenants: string[]; accepted: number; rejected: number };

/**
 * `tooltrail demo` through a real server: it writes into a `demo` organisation of its own unless
 * --tenant names another, reuses its key, quarantines its malformed events once, and makes an
 * existing account owner of the demo organisation only.
 */
describe("tooltrail demo's organisation", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-demo-org-"));
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("goes to demo by default, to --tenant when named, reuses its key and owner rules hold", async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port) };
    const cli = (...args: string[]) => runTooltrail(args, env);
    const small = ["--days", "1", "--events-per-day", "40", "--json"];
    const tenantIds = async () =>
      (JSON.parse((await cli("tenants", "list", "--json")).stdout) as { id: string }[]).map(
        (t) => t.id,
      );
    server = await startTooltrailProcess(["serve", "--no-dashboard"], env, port);

    // An unknown owner: a message saying what to do, a failure, and nothing created.
    const unknown = await cli("demo", ...small, "--owner", "nobody@example.com");
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain("no account has the email nobody@example.com");
    expect(unknown.stderr).toContain("tooltrail users create");
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    expect(await tenantIds()).toEqual([]);
    // --owner with another organisation: a usage error, before anything.
    const elsewhere = await cli("demo", ...small, "--tenant", "acme", "--owner", "x@example.com");
    expect([elsewhere.code, elsewhere.stderr]).toEqual([
      2,
      expect.stringContaining("owner of the demo organisation only"),
    ]);

    const first = await cli("demo", ...small);
    expect([first.code, first.stderr]).toEqual([0, ""]);
    expect((JSON.parse(first.stdout) as Summary).tenants).toEqual(["demo"]);
    expect(await tenantIds()).toEqual(["demo"]);
    expect(statSync(join(dataDir, "demo-keys.json")).mode & 0o777).toBe(0o600);

    const second = await cli("demo", ...small);
    expect([second.code, second.stderr]).toEqual([0, ""]);

    const explicit = await cli("demo", ...small, "--tenant", "acme");
    expect([explicit.code, explicit.stderr]).toEqual([0, ""]);
    expect((JSON.parse(explicit.stdout) as Summary).tenants).toEqual(["acme"]);

    // An account of acme (a viewer there) made owner of the demo organisation, twice.
    const user = await cli(
      ...["users", "create", "--tenant", "acme", "--email", "dana@acme.test", "--role", "viewer"],
    );
    expect([user.code, user.stderr]).toEqual([0, ""]);
    for (let run = 0; run < 2; run++) {
      const owned = await cli("demo", ...small, "--owner", "dana@acme.test");
      expect([owned.code, owned.stderr]).toEqual([0, ""]);
    }
    const keys = JSON.parse((await cli("keys", "list", "--tenant", "demo", "--json")).stdout);
    await stopProcess(server);
    server = null;

    // Four runs into demo, one key; one set of malformed events in its quarantine.
    expect(keys).toHaveLength(1);
    const store = await openPgliteStore(join(dataDir, "pglite"));
    try {
      const demo = store.forTenant("demo");
      const acme = store.forTenant("acme");
      expect(await demo.countQuarantine({})).toBe(6);
      expect(await acme.countQuarantine({})).toBe(6);
      expect(await acme.countEvents({})).toBeGreaterThan(0);
      expect(await demo.getEvent("demo-demo-1-0")).not.toBeNull();
      expect(await demo.getEvent("demo-acme-1-0")).toBeNull();
      expect((await store.admin.listIngestKeys("acme")).map((k) => k.name)).toEqual(["demo"]);
      const dana = await store.admin.findUserByEmail("dana@acme.test");
      const roles = (await store.admin.membershipsOf(dana?.id ?? "")).map((m) => [
        m.tenantId,
        m.role,
      ]);
      expect(roles.sort()).toEqual([
        ["acme", "viewer"],
        ["demo", "owner"],
      ]);
      // The change is in the demo organisation's own audit stream, once.
      const added = await demo.listEvents({ limit: 5, tool: ["member.added"] });
      expect(added.events.map((e) => e.arguments)).toEqual([
        expect.objectContaining({ user_id: dana?.id, role: "owner", previous_role: null }),
      ]);
    } finally {
      await store.close();
    }
  }, 300_000);
});
