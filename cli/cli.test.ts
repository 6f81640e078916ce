import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";
import { parseIngestKey } from "../lib/core/keys/ingest-key";
import { freePort } from "../test/fixtures/ports";
import { CLI, startTooltrailProcess, stopProcess } from "../test/fixtures/tooltrail-process";

/** The CLI as a person runs it: real processes, the embedded store, and the server's lock. */
describe("tooltrail CLI", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-cli-"));
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  function cli(args: string[], env: Record<string, string> = {}) {
    return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, DATA_DIR: dataDir, ...env },
      });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d) => (stdout += d));
      p.stderr.on("data", (d) => (stderr += d));
      p.on("exit", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
  }

  it("manages tenants, keys and users with actionable errors and exit codes", async () => {
    expect((await cli(["tenants", "create", "acme", "--name", "Acme"])).code).toBe(0);
    const dup = await cli(["tenants", "create", "acme"]);
    expect([dup.code, dup.stderr.trim()]).toEqual([1, "tooltrail: tenant acme already exists"]);
    expect((await cli(["tenants", "create", "Not Valid"])).code).toBe(2);
    const missing = await cli(["keys", "create", "--tenant", "nope"]);
    expect(missing.stderr).toContain("create it with: tooltrail tenants create nope");
    const key = JSON.parse(
      (await cli(["keys", "create", "--tenant", "acme", "--servers", "files", "--json"])).stdout,
    );
    expect(key.token).toMatch(/^tt_[a-z2-9]{12}_/);
    const list = JSON.parse((await cli(["keys", "list", "--tenant", "acme", "--json"])).stdout);
    expect(list).toHaveLength(1);
    // The secret is base64url and may itself hold "_", so take it by the key format, not by split.
    const secret = parseIngestKey(key.token)?.secret;
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect((await cli(["keys", "revoke", "--tenant", "acme", key.id])).code).toBe(0);
    expect((await cli(["keys", "revoke", "--tenant", "acme", key.id])).code).toBe(1);
    // The operator's changes are evidence too: sealed into the tenant's own stream.
    const revoked = (await cli(["events", "--tenant", "acme", "--tool", "key.revoked"])).stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({
      server: { name: "tooltrail-dashboard" },
      client: { name: "tooltrail-cli" },
      arguments: { key_id: key.id },
      actor: { id: expect.stringMatching(/^operator:.+@.+/) },
    });
    const auditor = await cli([
      "users",
      "create",
      "--tenant",
      "acme",
      "--email",
      "au@example.com",
      "--role",
      "auditor",
    ]);
    expect([auditor.code, auditor.stderr]).toEqual([
      1,
      "tooltrail: auditors need an access end date: pass --expires YYYY-MM-DD\n",
    ]);
    expect(
      (
        await cli([
          "users",
          "create",
          "--tenant",
          "acme",
          "--email",
          "x@example.com",
          "--role",
          "god",
        ])
      ).code,
    ).toBe(2);
    expect(
      (
        await cli([
          "users",
          "create",
          "--tenant",
          "acme",
          "--email",
          "o@example.com",
          "--role",
          "owner",
          "--password",
          "long enough password",
        ])
      ).code,
    ).toBe(0);
    expect((await cli(["frobnicate"])).code).toBe(2);
    // A data directory that does not exist yet is created (this once failed with ENOENT).
    expect((await cli(["tenants", "list"], { DATA_DIR: join(dataDir, "not", "yet") })).code).toBe(
      0,
    );
    const ingest = await cli(["ingest-server"]);
    expect([ingest.code, ingest.stderr]).toEqual([
      2,
      expect.stringContaining("the standalone ingest server needs PostgreSQL"),
    ]);
    const badEnv = await cli(["tenants", "list"], { PORT: "not-a-port" });
    expect([badEnv.code, badEnv.stderr]).toEqual([
      1,
      "tooltrail: invalid configuration:\n  PORT: Invalid input: expected number, received NaN\n",
    ]);
  }, 60_000);

  it("works through the running server, prints stored events safely, and verifies", async () => {
    const port = await freePort();
    server = await startTooltrailProcess(
      ["serve", "--no-dashboard"],
      { DATA_DIR: dataDir, PORT: String(port) },
      port,
    );
    // The server holds PGlite now; the CLI must go through it, not open the directory.
    const key = JSON.parse((await cli(["keys", "create", "--tenant", "acme", "--json"])).stdout);
    const hostile = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202ereversed";
    const events = [
      {
        id: "a1",
        time: "2026-03-01T10:00:00.000Z",
        server: { name: "files" },
        tool: hostile,
        actor: { id: "alice" },
        outcome: "ok",
      },
      {
        id: "a2",
        time: "2026-03-02T10:00:00.000Z",
        server: { name: "files" },
        tool: "read",
        actor: { id: "bob" },
        outcome: "denied",
      },
    ];
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key.token}`, "content-type": "application/json" },
      body: JSON.stringify(events),
    });
    expect(res.status).toBe(202);
    // Only the source's events: the tenant's stream also holds the operator's audit events.
    const out = await cli(["events", "--tenant", "acme", "--server", "files"]);
    // No raw escape, C1 or bidi control reaches the terminal; the JSON still parses to the stored value.
    for (const c of ["\u001b", "\u0007", "\u009b", "\u202e"]) expect(out.stdout).not.toContain(c);
    expect(
      out.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).tool),
    ).toEqual([hostile, "read"]);
    const filtered = await cli([
      "events",
      "--tenant",
      "acme",
      "--outcome",
      "denied",
      "--from",
      "2026-03-02T00:00:00Z",
    ]);
    expect(
      filtered.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).id),
    ).toEqual(["a2"]);
    // Byte order of the tool: "read" (r) before the hostile one (ESC); descending reverses it.
    const byTool = await cli([
      "events",
      "--tenant",
      "acme",
      "--server",
      "files",
      "--sort",
      "tool",
      "--desc",
    ]);
    expect(
      byTool.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).id),
    ).toEqual(["a2", "a1"]);
    const badSort = await cli(["events", "--tenant", "acme", "--sort", "size"]);
    expect([badSort.code, badSort.stderr]).toEqual([
      2,
      expect.stringContaining("--sort must be one of time"),
    ]);
    const ok = await cli(["verify", "--tenant", "acme"]);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining("verified")]);
    await stopProcess(server);
    server = null;

    const db = await PGlite.create({ dataDir: join(dataDir, "pglite") });
    await db.query(
      "UPDATE events SET doc = jsonb_set(doc::jsonb, '{outcome}', '\"ok\"')::json WHERE id = 'a2'",
    );
    await db.close();
    const bad = await cli(["verify", "--tenant", "acme"]);
    expect(bad.code).toBe(3);
    expect(bad.stdout).toContain("ALTERED event a2");
  }, 90_000);
});
