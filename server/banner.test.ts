import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../test/fixtures/ports";
import {
  runTooltrail,
  startTooltrailProcess,
  stopProcess,
} from "../test/fixtures/tooltrail-process";

const run = promisify(execFile);

/**
 * The start banner's next steps, run as printed: they hide the password, send an event stamped
 * now (so the default range shows it), and are printed only until the first user exists.
 */
describe("the start banner", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-banner-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { DATA_DIR: dataDir };

  /** Runs `serve` until `whileRunning` is done, giving it what the server printed so far. */
  async function serve(whileRunning: (printed: () => string) => Promise<void>): Promise<string> {
    const port = await freePort();
    const proc = await startTooltrailProcess(
      ["serve", "--no-dashboard"],
      { ...env, PORT: String(port) },
      port,
      "pipe",
    );
    let out = "";
    proc.stdout?.on("data", (d) => (out += d));
    try {
      await whileRunning(() => out);
    } finally {
      await stopProcess(proc);
    }
    return out;
  }

  it("gives the next steps until the first user exists, and they work as printed", async () => {
    const first = await serve(async (printed) => {
      await shown(printed, "5. check it");
      expect(printed()).toContain("--role owner --password-stdin");
      expect(printed()).not.toContain("--password '");
      expect((await runTooltrail(["tenants", "create", "acme"], env)).code).toBe(0);
      const key = await runTooltrail(["keys", "create", "--tenant", "acme", "--json"], env);
      const token = (JSON.parse(key.stdout) as { token: string }).token;
      const lines = printed().split("\n");
      const at = lines.findIndex((l) => l.trim().startsWith("curl "));
      const curl = `${lines[at]}\n${lines[at + 1]}`.replace("<key>", token);
      // `date +%FT%TZ` has whole seconds: the event is stamped no earlier than this second.
      const before = Math.floor(Date.now() / 1000) * 1000;
      await run("bash", ["-c", `${curl} --fail --silent --show-error`]);
      const events = await runTooltrail(["events", "--tenant", "acme", "--server", "files"], env);
      const stored = events.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { id: string; time: string });
      expect(stored.map((e) => e.id)).toEqual(["evt-1"]);
      expect(Date.parse(stored[0]?.time ?? "")).toBeGreaterThanOrEqual(before);
    });
    expect(first).toContain("Next steps");

    const user = await runTooltrail(
      ["users", "create", "--tenant", "acme", "--email", "o@acme.test", "--role", "owner"],
      env,
    );
    expect(user.code).toBe(0);
    const later = await serve((printed) => shown(printed, "npx tooltrail --help"));
    expect(later).toContain("Tooltrail is running at");
    expect(later).not.toContain("Next steps");
    expect(later).toContain("npx tooltrail --help");
  }, 180_000);
});

/** The banner follows readiness by a moment: waits until `text` is printed. */
async function shown(printed: () => string, text: string): Promise<void> {
  for (const deadline = Date.now() + 30_000; !printed().includes(text); ) {
    if (Date.now() > deadline) throw new Error(`never printed: ${text}; printed: ${printed()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
