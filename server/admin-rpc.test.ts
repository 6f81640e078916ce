import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../test/fixtures/ports";
import { startTooltrailProcess, stopProcess } from "../test/fixtures/tooltrail-process";
import { ADMIN_RPC_PATH } from "./admin-rpc-handler";

/**
 * The admin RPC of the one-process server (what the CLI calls while the server holds PGlite), run
 * as a real child process whose log is read: a client that goes away mid-body is an ordinary
 * event, not an unhandled rejection, and the server goes on answering.
 */
describe("admin RPC", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-admin-rpc-"));
  let proc: ChildProcess;
  let port: number;
  let output = "";
  let exited: Promise<string>;

  beforeAll(async () => {
    port = await freePort();
    proc = await startTooltrailProcess(
      ["serve", "--no-dashboard"],
      { DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1" },
      port,
      "pipe",
    );
    for (const stream of [proc.stdout, proc.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (c: string) => {
        output += c;
      });
    }
    exited = new Promise((resolve) =>
      proc.once("exit", (code, signal) => resolve(`server exited (${code ?? signal})`)),
    );
  });
  afterAll(async () => {
    if (proc) await stopProcess(proc);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const token = () => readFileSync(join(dataDir, "admin.token"), "utf8").trim();

  /** Resolves with the log once it matches; rejects if the server exits first. */
  async function logMatching(pattern: RegExp): Promise<string> {
    for (;;) {
      if (pattern.test(output)) return output;
      const more = new Promise<void>((resolve) => {
        proc.stdout?.once("data", () => resolve());
        proc.stderr?.once("data", () => resolve());
      });
      const outcome = await Promise.race([more.then(() => null), exited]);
      if (outcome !== null) throw new Error(`${outcome}; its log:\n${output}`);
    }
  }

  it("logs a request aborted mid-body once, without an unhandled rejection, and answers the next", async () => {
    const socket = connect(port, "127.0.0.1");
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(
      `POST ${ADMIN_RPC_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token()}\r\n` +
        `Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"op":"tenants.li`,
    );
    socket.destroy();

    const log = await logMatching(/admin request aborted|unhandled|ECONNRESET|aborted/i);
    expect(log).toMatch(/admin request aborted by the client/);

    const res = await fetch(`http://127.0.0.1:${port}${ADMIN_RPC_PATH}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token()}`, "content-type": "application/json" },
      body: JSON.stringify({ op: "tenants.list", input: {} }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: [] });
    expect(output.match(/admin request aborted/g)).toHaveLength(1);
    expect(output).not.toMatch(/unhandled/i);
    expect(proc.exitCode).toBeNull();
  });

  it("answers a body over its limit with 413 instead of cutting the connection", async () => {
    const res = await fetch(`http://127.0.0.1:${port}${ADMIN_RPC_PATH}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token()}`, "content-type": "application/json" },
      body: JSON.stringify({ op: "tenants.list", input: { pad: "x".repeat(2 * 1024 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/exceeds 1048576 bytes/);
    expect(proc.exitCode).toBeNull();
  });
});
