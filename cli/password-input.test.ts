import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../db/store/open-store";
import { verifyPassword } from "../lib/auth/password";
import { loadConfig } from "../lib/core/config";
import { CLI, runTooltrail } from "../test/fixtures/tooltrail-process";

/**
 * `--password-stdin` on a real terminal (a pseudo-terminal from util-linux's `script`): a prompt,
 * nothing typed shown, asked twice; piped, stdin as before. The password is checked in the store.
 */
describe("users --password-stdin", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-pw-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir };

  async function storedHash(email: string): Promise<string> {
    const store = await openStore(loadConfig({ DATA_DIR: dataDir }));
    try {
      return (await store.admin.findUserCredentials(email))?.passwordHash ?? "";
    } finally {
      await store.close();
    }
  }

  it("prompts on a terminal without echo, twice, and sets what was typed", async () => {
    expect((await runTooltrail(["tenants", "create", "acme"], env)).code).toBe(0);
    const secret = "correct horse battery staple";
    const command = `${process.execPath} ${CLI} users create --tenant acme --email owner@acme.test --role owner --password-stdin`;
    const term = spawn("script", ["-qefc", command, "/dev/null"], {
      env: { ...process.env, ...env },
    });
    let screen = "";
    term.stdout.on("data", (d) => (screen += d));
    term.stderr.on("data", (d) => (screen += d));
    const exited = new Promise<number | null>((r) => term.on("close", r));
    const shown = async (text: string, from: number) => {
      for (const deadline = Date.now() + 30_000; !screen.includes(text, from); ) {
        if (Date.now() > deadline || term.exitCode !== null)
          throw new Error(`never shown: ${text}; the screen: ${screen}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return screen.indexOf(text, from) + text.length;
    };
    try {
      const afterFirst = await shown("password: ", 0);
      // A typo corrected with Backspace, as a person would.
      term.stdin.write(`${secret}x\u007f\r`);
      await shown("password (again): ", afterFirst);
      term.stdin.write(`${secret}\r`);
      expect(await exited).toBe(0);
    } finally {
      term.kill("SIGKILL");
    }
    expect(screen).toContain("created user owner@acme.test as owner of acme");
    expect(screen).not.toContain("correct horse");
    expect(await verifyPassword(secret, await storedHash("owner@acme.test"))).toBe(true);
  }, 90_000);

  it("refuses a wrong command line before asking for the password", async () => {
    const command = `${process.execPath} ${CLI} users password --password-stdin`;
    const term = spawn("script", ["-qefc", command, "/dev/null"], {
      env: { ...process.env, ...env },
    });
    let screen = "";
    term.stdout.on("data", (d) => (screen += d));
    // Should it ask anyway, nobody answers: it is killed, and the exit code says so.
    const killer = setTimeout(() => term.kill("SIGKILL"), 30_000);
    const code = await new Promise<number | null>((r) => term.on("close", r));
    clearTimeout(killer);
    expect([code, screen.includes("password:")]).toEqual([2, false]);
    expect(screen).toContain("missing --email");
  }, 60_000);

  it("reads a piped password to the end of stdin, without the final newline", async () => {
    const r = await runTooltrail(
      ["users", "password", "--email", "owner@acme.test", "--password-stdin"],
      env,
      { input: "another long password\n" },
    );
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const hash = await storedHash("owner@acme.test");
    expect(await verifyPassword("another long password", hash)).toBe(true);
  }, 60_000);
});
