import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import { evaluateTenant } from "../../lib/detect/engine";
import { eventDoc, MIN, storeEvents } from "../../lib/detect/engine-test-kit";
import { hourStart } from "../../lib/detect/stats";
import { CLI } from "../../test/fixtures/tooltrail-process";

/**
 * `tooltrail detect run` and `tooltrail flags list` as an operator runs them, on a data
 * directory whose flag the real engine and rules raised: a denial burst two hours ago.
 */
describe("tooltrail detect and flags", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-detect-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function cli(args: string[]) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, DATA_DIR: dataDir },
      });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d) => (stdout += d));
      p.stderr.on("data", (d) => (stderr += d));
      p.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }
  const lines = (s: string) =>
    s
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));

  it("brings detection up to date and lists flags with figures and evidence ids", async () => {
    expect((await cli(["tenants", "create", "acme"])).code).toBe(0);
    const base = hourStart(Date.now()) - 3 * 60 * MIN;
    const store = await openPgliteStore(join(dataDir, "pglite"));
    const tenant = store.forTenant("acme");
    for (let i = 0; i < 5; i++)
      if ((await evaluateTenant({ data: tenant, now: new Date(base) })).caughtUp) break;
    await storeEvents(
      store,
      Array.from({ length: 12 }, (_, i) =>
        eventDoc("acme", `d${i}`, base + 10_000 + i * 1000, {
          actor: { id: "bob", type: "user" },
          outcome: "denied",
        }),
      ),
    );
    const raised = await evaluateTenant({ data: tenant, now: new Date(base + 5 * MIN) });
    expect(raised.created.map((f) => f.rule)).toEqual(["denial_burst"]);
    await store.close();

    const run = await cli(["detect", "run", "--tenant", "acme", "--json"]);
    expect(run.stderr).toBe("");
    const [acme, ...others] = lines(run.stdout);
    expect(others).toEqual([]);
    expect(acme).toMatchObject({ tenant: "acme", caughtUp: true, created: 0, errors: [] });
    expect(Date.parse(acme.window.from)).toBe(base + 4 * MIN);
    const human = await cli(["detect", "run"]);
    expect(human.stdout).toMatch(/^acme: .*0 events, flags: 0 created, 0 updated, 0 ended/);

    const listed = lines((await cli(["flags", "list", "--tenant", "acme", "--json"])).stdout);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      rule: "denial_burst",
      subjectKey: "bob",
      status: "open",
      // Two hours later the burst is over: the episode ended after an hour of quiet.
      active: false,
      evidence: Array.from({ length: 12 }, (_, i) => `d${i}`),
    });
    expect(Object.keys(listed[0].observed).length).toBeGreaterThan(0);
    const table = await cli(["flags", "list", "--tenant", "acme", "--rule", "denial_burst"]);
    expect(table.stdout).toContain("actor bob");
    expect(table.stdout).toContain("d0,d1,d2 (+9)");
    expect(table.stdout.trim().split("\n").at(-1)).toBe("1 of 1 flags");
    const none = await cli(["flags", "list", "--tenant", "acme", "--status", "resolved", "--json"]);
    expect([none.code, none.stdout]).toEqual([0, ""]);
    const bad = await cli(["flags", "list", "--tenant", "acme", "--status", "closed"]);
    expect(bad.code).toBe(2);
    expect((await cli(["flags", "list"])).stderr).toContain("missing --tenant");
    // Each command is a process of its own: slow on a loaded machine, never a timing assertion.
  }, 900_000);
});
