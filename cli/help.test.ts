import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runTooltrail } from "../test/fixtures/tooltrail-process";

/**
 * `--help` on every command and subcommand the CLI's own help lists, and `-h` on every command:
 * usage on stdout, exit 0, and nothing done. The lists come from the help texts themselves, so a
 * command added to `tooltrail --help` is covered without touching this file.
 */
describe("tooltrail --help", () => {
  const scratch = mkdtempSync(join(tmpdir(), "tooltrail-help-"));
  // Paths that any real work would create: the store's directory, Guard's state directory.
  const dataDir = join(scratch, "data");
  const guardState = join(scratch, "guard-state");
  // Where `demo` and friends would send requests: a server that counts them.
  let server: Server;
  let port = 0;
  const requests: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.writeHead(503).end();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const addr = server.address();
    port = typeof addr === "object" && addr ? addr.port : 0;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(scratch, { recursive: true, force: true });
  });

  const run = (args: string[]) =>
    runTooltrail(
      args,
      {
        DATA_DIR: dataDir,
        PORT: String(port),
        TOOLTRAIL_GUARD_STATE: guardState,
        TOOLTRAIL_URL: `http://127.0.0.1:${port}`,
      },
      { killAfterMs: 30_000 },
    );

  it("prints usage and exits 0 without touching the store, a server or Guard's state", async () => {
    const top = await run(["--help"]);
    expect(top.code).toBe(0);
    const commands = commandsOf(top.stdout);
    expect(commands).toEqual(expect.arrayContaining(["serve", "demo", "retention", "guard"]));

    const outcomes: { args: string[]; run: CliRun }[] = [];
    const record = async (args: string[]) => {
      const r = await run(args);
      outcomes.push({ args, run: r });
      return r;
    };
    await pool(commands, 3, async (cmd) => {
      const own = await record([cmd, "--help"]);
      await record([cmd, "-h"]);
      // Subcommands pass the same gate with the same arguments; -h is covered on every command.
      await pool(subcommandsOf(own.stdout, cmd), 1, async (sub) => {
        await record([cmd, sub, "--help"]);
      });
    });
    const wrong = outcomes
      .filter(
        (o) =>
          o.run.code !== 0 ||
          o.run.stderr !== "" ||
          !o.run.stdout.includes(`tooltrail ${o.args[0]}`),
      )
      .map((o) => ({
        args: o.args.join(" "),
        code: o.run.code,
        stderr: o.run.stderr.slice(0, 300),
      }));
    expect(wrong).toEqual([]);
    // Subcommands found, so the parsing of the usage texts still works.
    const seen = outcomes.map((o) => o.args.slice(0, -1).join(" "));
    expect(seen).toEqual(
      expect.arrayContaining(["retention run", "keys revoke", "users password", "guard approve"]),
    );
    expect(requests).toEqual([]);
    expect([existsSync(dataDir), existsSync(guardState)]).toEqual([false, false]);
  }, 240_000);

  it("answers even when the environment is invalid, the help explaining what it needs", async () => {
    const r = await runTooltrail(["keys", "create", "--help"], { PORT: "not-a-port" });
    expect([r.code, r.stderr, r.stdout]).toEqual([
      0,
      "",
      expect.stringContaining("tooltrail keys create"),
    ]);
  });

  it("takes -- as the end of Tooltrail's options: a wrapped command's --help is not ours", async () => {
    const r = await run(["guard", "--", "node", "--help"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing --policy");
  });
});

/** The commands of `tooltrail --help`: the two-space-indented first word of its list. */
function commandsOf(help: string): string[] {
  return [...help.matchAll(/^ {2}([a-z][a-z-]*) {2,}/gm)].map((m) => m[1] as string);
}

/** Subcommands in a command's usage: `tooltrail keys create …`, or `a | b <id> | c` lists. */
function subcommandsOf(usage: string, cmd: string): string[] {
  const subs = new Set<string>();
  for (const line of usage.split("\n")) {
    const at = line.indexOf(`tooltrail ${cmd} `);
    if (at < 0) continue;
    // A line that starts with a flag (`tooltrail events --tenant …`) names no subcommand.
    const words = line
      .slice(at + `tooltrail ${cmd} `.length)
      .split(" | ")
      .map((part) => /^([a-z][a-z-]*)(?: |$)/.exec(part)?.[1]);
    if (words[0]) for (const w of words) if (w) subs.add(w);
  }
  return [...subs];
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: width }, worker));
}
