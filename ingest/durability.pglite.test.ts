import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../test/fixtures/ports";
import { startTooltrailProcess, stopProcess, tooltrail } from "../test/fixtures/tooltrail-process";

/**
 * Nothing acknowledged is ever lost: the real server runs as a child process and is killed with
 * SIGKILL while clients send; after each restart every id it acknowledged must be stored once.
 */
describe("durability under SIGKILL (embedded PGlite)", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-kill-"));
  let child: ChildProcess | null = null;
  afterAll(() => {
    child?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => tooltrail({ DATA_DIR: dataDir }, ...args);

  it("stores every acknowledged event exactly once across three kills", async () => {
    await cli("tenants", "create", "acme");
    const key = JSON.parse(
      await cli(
        "keys",
        "create",
        "--tenant",
        "acme",
        "--rate",
        "1000000",
        "--burst",
        "1000000",
        "--json",
      ),
    ) as { token: string };
    const acked = new Set<string>();
    let seq = 0;
    for (let round = 0; round < 3; round++) {
      const port = await freePort();
      child = await startTooltrailProcess(
        ["serve", "--no-dashboard"],
        { DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1" },
        port,
      );
      const proc = child;
      let alive = true;
      // Four clients send batches of 50 until the server dies under them.
      const clients = Array.from({ length: 4 }, async () => {
        while (alive) {
          const events = Array.from({ length: 50 }, () => ({
            id: `k-${round}-${seq++}`,
            time: new Date().toISOString(),
            server: { name: "files" },
            tool: "read_file",
            actor: { id: "alice" },
            outcome: "ok",
            arguments: { path: `/tmp/${seq}` },
          }));
          try {
            const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
              method: "POST",
              headers: { authorization: `Bearer ${key.token}`, "content-type": "application/json" },
              body: JSON.stringify(events),
            });
            if (res.status === 202) for (const e of events) acked.add(e.id);
          } catch {
            // the connection died with the server: these events were not acknowledged
          }
        }
      });
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 800));
      await stopProcess(proc, "SIGKILL");
      alive = false;
      await Promise.all(clients);
    }
    child = null;
    expect(acked.size).toBeGreaterThan(100);
    const stored = (await cli("events", "--tenant", "acme"))
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { id: string }).id);
    const counts = new Map<string, number>();
    for (const id of stored) counts.set(id, (counts.get(id) ?? 0) + 1);
    const missing = [...acked].filter((id) => !counts.has(id));
    expect(missing).toEqual([]);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const verify = JSON.parse(await cli("verify", "--tenant", "acme", "--json")) as { ok: boolean };
    expect(verify.ok).toBe(true);
  }, 240_000);
});
