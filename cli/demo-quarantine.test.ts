import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../test/fixtures/ports";
import { runTooltrail, startTooltrailProcess } from "../test/fixtures/tooltrail-process";

/**
 * `tooltrail demo` ends with a batch of malformed events that the server rejects whole (400):
 * the demo counts them as rejected into quarantine instead of failing on that answer.
 */
describe("tooltrail demo", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-demo-"));
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("counts its wholly rejected batch as quarantined and succeeds", async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port) };
    server = await startTooltrailProcess(["serve", "--no-dashboard"], env, port);
    const r = await runTooltrail(
      ["demo", "--days", "1", "--events-per-day", "50", "--tenants", "acme", "--json"],
      env,
    );
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const summary = JSON.parse(r.stdout) as { accepted: number; rejected: number };
    expect(summary.accepted).toBeGreaterThan(0);
    expect(summary.rejected).toBeGreaterThan(0);
  }, 120_000);
});
