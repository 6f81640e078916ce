import type { ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fresh } from "../e2e/fixtures/build";
import { acquireLock, lockPath } from "../lib/runtime/data-dir-lock";
import { freePort } from "../test/fixtures/ports";
import { runTooltrail, startTooltrailProcess } from "../test/fixtures/tooltrail-process";

const START = join(process.cwd(), "scripts", "start.mjs");

/**
 * `npm start` and `tooltrail serve` as a person runs them twice, on a taken port, and behind a
 * pipe whose reader dies. A stand-in `npx` on PATH records any attempt to build: the refusals
 * must come before `next build` is even started.
 */
describe("npm start", () => {
  const scratch = mkdtempSync(join(tmpdir(), "tooltrail-start-"));
  const bin = join(scratch, "bin");
  const buildAttempt = join(scratch, "build-attempted");
  mkdirSync(bin);
  writeFileSync(join(bin, "npx"), `#!/bin/sh\ntouch '${buildAttempt}'\nexit 1\n`);
  chmodSync(join(bin, "npx"), 0o755);
  const npxStandIn = { PATH: `${bin}:${process.env.PATH}` };
  const runs: ChildProcess[] = [];
  afterAll(() => {
    for (const p of runs) p.kill("SIGKILL");
    rmSync(scratch, { recursive: true, force: true });
  });

  it("refuses a second start on the same data directory before building anything", async () => {
    const dataDir = join(scratch, "held");
    const lock = acquireLock(dataDir, {});
    try {
      const r = await runTooltrail(
        [],
        { DATA_DIR: dataDir, PORT: String(await freePort()), ...npxStandIn },
        { script: START },
      );
      expect([r.code, r.stderr]).toEqual([
        4,
        `tooltrail: another Tooltrail process (pid ${process.pid}) is using ${dataDir}; stop it, or set DATA_DIR to another directory\n`,
      ]);
      expect(r.stdout).not.toMatch(/build/i);
      expect(existsSync(buildAttempt)).toBe(false);
    } finally {
      lock.release();
    }
  });

  it("refuses a taken port at once, naming it, before building or opening the store", async () => {
    await withTakenPort(async (port) => {
      const dataDir = join(scratch, "fresh");
      const r = await runTooltrail(
        [],
        { DATA_DIR: dataDir, PORT: String(port), ...npxStandIn },
        { script: START },
      );
      expect([r.code, r.stderr]).toEqual([
        4,
        expect.stringContaining(`port ${port} is in use: set PORT`),
      ]);
      expect(existsSync(buildAttempt)).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
    });
  });

  it("tooltrail serve on a taken port exits at once with the port's name, not a stack or a hang", async () => {
    await withTakenPort(async (port) => {
      const dataDir = join(scratch, "serve-fresh");
      const r = await runTooltrail(
        ["serve", "--no-dashboard"],
        { DATA_DIR: dataDir, PORT: String(port) },
        { killAfterMs: 30_000 },
      );
      expect([r.code, r.signal, r.stderr]).toEqual([
        4,
        null,
        `tooltrail: port ${port} is in use: set PORT to a free port, or stop the program listening on it\n`,
      ]);
      expect(existsSync(dataDir)).toBe(false);
    });
  }, 60_000);

  it("tooltrail ingest-server on a taken port names INGEST_PORT before opening the store", async () => {
    await withTakenPort(async (port) => {
      // Nothing listens on port 1: had the store been opened first, this would be its error.
      const r = await runTooltrail(
        ["ingest-server"],
        { DATABASE_URL: "postgres://tooltrail@127.0.0.1:1/none", INGEST_PORT: String(port) },
        { killAfterMs: 30_000 },
      );
      expect([r.code, r.signal, r.stderr]).toEqual([
        4,
        null,
        `tooltrail: port ${port} is in use: set INGEST_PORT to a free port, or stop the program listening on it\n`,
      ]);
    });
  }, 60_000);

  it("`npm start -- --help` prints the server's usage without checking or building", async () => {
    const r = await runTooltrail(["--help"], { ...npxStandIn }, { script: START });
    expect([r.code, r.stdout]).toEqual([0, expect.stringContaining("usage: tooltrail serve")]);
    expect(existsSync(buildAttempt)).toBe(false);
  });

  // The dashboard case (where Next.js turned the EPIPE into a busy loop) needs an up-to-date
  // build, which no browser suite will then rebuild under it; without one it is skipped.
  if (!fresh())
    console.log("SKIP closed pipe with the dashboard: the build is stale (npm run build)");
  const dashboards = fresh() ? [false, true] : [false];
  it.each(dashboards)(
    "stops cleanly when the reader of its output is gone and Ctrl-C arrives (dashboard: %s)",
    async (dashboard) => {
      const dataDir = mkdtempSync(join(scratch, "pipe-"));
      const port = await freePort();
      // Its output on pipes this test holds, as `npm start | tee log` gives it.
      const server = await startTooltrailProcess(
        ["serve", ...(dashboard ? [] : ["--no-dashboard"])],
        { DATA_DIR: dataDir, PORT: String(port) },
        port,
        "pipe",
      );
      runs.push(server);
      // `npm start | tee log`, then Ctrl-C: tee is gone first, the server gets SIGINT after.
      server.stdout?.destroy();
      server.stderr?.destroy();
      const exited = new Promise<[number | null, string | null]>((r) =>
        server.once("exit", (code, signal) => r([code, signal])),
      );
      server.kill("SIGINT");
      const killer = setTimeout(() => server.kill("SIGKILL"), 30_000);
      expect(await exited).toEqual([0, null]);
      clearTimeout(killer);
      // The data directory is released and its store closed cleanly: the CLI opens it itself.
      expect(existsSync(lockPath(dataDir))).toBe(false);
      const list = await runTooltrail(["tenants", "list", "--json"], { DATA_DIR: dataDir });
      expect([list.code, list.stderr]).toEqual([0, ""]);
    },
    90_000,
  );
});

async function withTakenPort(fn: (port: number) => Promise<void>): Promise<void> {
  const holder: Server = createServer();
  await new Promise<void>((r) => holder.listen(0, "127.0.0.1", r));
  const addr = holder.address();
  try {
    await fn(typeof addr === "object" && addr ? addr.port : 0);
  } finally {
    await new Promise((r) => holder.close(r));
  }
}
