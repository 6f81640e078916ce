import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI, runTooltrail } from "../test/fixtures/tooltrail-process";

/**
 * `tooltrail events | head`: the reader leaves before the command wrote. Before the fix the
 * first write was an unhandled EPIPE: a stack trace on stderr and exit 1.
 */
describe("a one-shot command whose output reader is gone", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-closed-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("stops quietly with status 141 and leaves the store usable", async () => {
    const cli = (...args: string[]) => runTooltrail(args, { DATA_DIR: dataDir });
    expect((await cli("tenants", "create", "acme")).code).toBe(0);
    // Something to print: creating a key is audited in the tenant.
    expect((await cli("keys", "create", "--tenant", "acme")).code).toBe(0);
    const p = spawn(process.execPath, [CLI, "events", "--tenant", "acme"], {
      env: { ...process.env, DATA_DIR: dataDir },
    });
    // The reader is gone before the command prints anything.
    p.stdout.destroy();
    let stderr = "";
    p.stderr.on("data", (d) => (stderr += d));
    const killer = setTimeout(() => p.kill("SIGKILL"), 60_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((r) =>
      p.on("close", (c, s) => r([c, s])),
    );
    clearTimeout(killer);
    expect({ code, signal, stderr }).toEqual({ code: 141, signal: null, stderr: "" });
    const again = await cli("events", "--tenant", "acme");
    expect([again.code, again.stderr]).toEqual([0, ""]);
    expect(again.stdout).toContain("key.created");
  }, 120_000);
});
