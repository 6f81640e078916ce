import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CLI } from "../../test/fixtures/tooltrail-process";

const dir = mkdtempSync(join(tmpdir(), "guard-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function guard(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, "guard", ...args],
      { env: { ...process.env, ...env } },
      (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}

describe("tooltrail guard (CLI)", () => {
  it("explains usage mistakes with exit code 2 and no stack trace", async () => {
    const r = await guard([]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/missing --policy/);
    expect(r.err).not.toMatch(/\n\s+at /);
    const both = await guard(["--policy", "p.yaml", "--bogus"]);
    expect(both.err).toMatch(/Unknown option '--bogus'/);
  });

  it("checks a policy and reports each problem at its line", async () => {
    writeFileSync(join(dir, "ok.yaml"), "version: 1\nid: ok\nrules: [{ id: a, effect: allow }]\n");
    expect((await guard(["--policy", join(dir, "ok.yaml"), "--check"])).out).toBe(
      "policy ok is valid: 1 rules, 0 tools\n",
    );
    writeFileSync(join(dir, "bad.yaml"), "version: 2\nid: x\nrulez: []\n");
    const r = await guard(["--policy", join(dir, "bad.yaml"), "--check"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(dir, "bad.yaml")}:1:10: version: Invalid input: expected 1`);
    expect(r.err).toMatch(/bad\.yaml:3:1: policy: Unrecognized key.*"rulez"/);
  });

  it("refuses to proxy without Tooltrail or without an identity for stdio callers", async () => {
    writeFileSync(join(dir, "anon.yaml"), "version: 1\nid: anon\n");
    const p = ["--policy", join(dir, "anon.yaml"), "--state-dir", dir, "--", "true"];
    expect((await guard(p, { TOOLTRAIL_URL: "", TOOLTRAIL_KEY: "" })).err).toMatch(
      /set TOOLTRAIL_URL and TOOLTRAIL_KEY/,
    );
    const r = await guard(p, { TOOLTRAIL_URL: "http://127.0.0.1:9", TOOLTRAIL_KEY: "k" });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no identity for stdio callers/);
  });

  it("says so when the server command cannot be started", async () => {
    writeFileSync(join(dir, "id.yaml"), "version: 1\nid: id\nidentity: { id: me }\n");
    const r = await guard(
      ["--policy", join(dir, "id.yaml"), "--state-dir", dir, "--", join(dir, "no-such-server")],
      { TOOLTRAIL_URL: "http://127.0.0.1:9", TOOLTRAIL_KEY: "k" },
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/tooltrail: cannot start .*no-such-server: spawn .* ENOENT/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it("lists held calls without letting their arguments drive the terminal", async () => {
    const state = join(dir, "held");
    mkdirSync(join(state, "approvals"), { recursive: true });
    writeFileSync(
      join(state, "approvals", "abcdef012345.json"),
      JSON.stringify({
        id: "abcdef012345",
        server: "files",
        tool: "write_file\u001b[2J",
        actor: "eve",
        arguments: { content: "\u001b]0;pwned\u0007\u202e" },
        requested_at: "2026-01-01T00:00:00.000Z",
        expires_at: "2026-01-01T00:05:00.000Z",
      }),
    );
    const r = await guard(["approvals", "--state-dir", state]);
    expect(r.out).toContain("abcdef012345  files/write_file\\u001b[2J by eve");
    for (const raw of ["\u001b", "\u0007", "\u202e"]) expect(r.out).not.toContain(raw);
    const missing = await guard(["approve", "000000000000", "--state-dir", state]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/no call 000000000000 is waiting for approval/);
  });
});
