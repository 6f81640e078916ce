import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../test/fixtures/ports";
import {
  runTooltrail,
  startTooltrailProcess,
  stopProcess,
} from "../test/fixtures/tooltrail-process";

/**
 * A second terminal without DATA_DIR, in another directory than the server's: the CLI opens
 * `./data` there, not the server's store, and must say so instead of silently working elsewhere.
 */
describe("the CLI without DATA_DIR", () => {
  const scratch = mkdtempSync(join(tmpdir(), "tooltrail-which-"));
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill("SIGKILL");
    rmSync(scratch, { recursive: true, force: true });
  });

  it("says which store it opened, and that the running server holds another", async () => {
    const port = await freePort();
    server = await startTooltrailProcess(
      ["serve", "--no-dashboard"],
      { DATA_DIR: join(scratch, "server-data"), PORT: String(port) },
      port,
    );
    const elsewhere = mkdtempSync(join(scratch, "terminal-"));
    const env = { DATA_DIR: undefined, PORT: String(port) };
    const url = `http://127.0.0.1:${port}`;
    const beside = await runTooltrail(["tenants", "list"], env, { cwd: elsewhere });
    expect([beside.code, beside.stderr]).toEqual([
      0,
      `tooltrail: using the embedded store in ${join(elsewhere, "data")}; the server at ${url} holds another data directory: set DATA_DIR to that directory to work on its data\n`,
    ]);
    await stopProcess(server);
    server = null;
    const alone = await runTooltrail(["tenants", "list"], env, { cwd: elsewhere });
    expect([alone.code, alone.stderr]).toEqual([
      0,
      `tooltrail: using the embedded store in ${join(elsewhere, "data")} (no server answered at ${url})\n`,
    ]);
    // A DATA_DIR given on purpose needs no such line.
    const chosen = await runTooltrail(
      ["tenants", "list"],
      { DATA_DIR: join(elsewhere, "data"), PORT: String(port) },
      { cwd: elsewhere },
    );
    expect([chosen.code, chosen.stderr]).toEqual([0, ""]);
  }, 90_000);
});
