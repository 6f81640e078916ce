import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../db/store/pglite";
import type { GroundTruth } from "../lib/demo/anomalies";
import { RULE_IDS } from "../lib/detect/types";
import { freePort } from "../test/fixtures/ports";
import {
  runTooltrail,
  startTooltrailProcess,
  stopProcess,
} from "../test/fixtures/tooltrail-process";

/**
 * `tooltrail demo --anomalies` through a real server: the traffic with its anomalies is ingested,
 * the integrity drill is recorded in the tenant's stream, and the ground truth is written.
 */
describe("tooltrail demo --anomalies", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-demo-anomalies-"));
  const truthPath = join(dataDir, "truth.json");
  let server: ChildProcess | null = null;
  afterAll(() => {
    server?.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("ingests labelled anomalies of every rule, records the drill and writes the ground truth", async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port) };
    server = await startTooltrailProcess(["serve", "--no-dashboard"], env, port);
    const usage = await runTooltrail(["demo", "--truth", truthPath], env);
    expect([usage.code, usage.stderr]).toEqual([
      2,
      expect.stringContaining("--truth goes with --anomalies"),
    ]);
    const tooShort = await runTooltrail(
      ["demo", "--anomalies", "--days", "3", "--tenants", "acme"],
      env,
    );
    expect([tooShort.code, tooShort.stderr]).toEqual([
      1,
      expect.stringContaining("at least 14 days"),
    ]);

    const started = Date.now();
    const r = await runTooltrail(
      [
        "demo",
        "--anomalies",
        "--days",
        "14",
        "--events-per-day",
        "100",
        "--tenants",
        "acme",
        "--truth",
        truthPath,
        "--json",
      ],
      env,
    );
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const summary = JSON.parse(r.stdout) as { accepted: number; truth: string; anomalies: number };
    expect(summary.truth).toBe(truthPath);

    const doc = JSON.parse(readFileSync(truthPath, "utf8")) as {
      version: number;
      tenants: { tenant: string; anomalies: GroundTruth[] }[];
    };
    expect(doc.version).toBe(1);
    expect(doc.tenants.map((t) => t.tenant)).toEqual(["acme"]);
    const truth = doc.tenants[0]?.anomalies ?? [];
    expect(summary.anomalies).toBe(truth.length);
    expect(new Set(truth.filter((t) => t.source !== "background").map((t) => t.rule))).toEqual(
      new Set(RULE_IDS),
    );
    const drill = truth.find((t) => t.rule === "integrity_failure");
    expect(Date.parse(drill?.window.from ?? "")).toBeGreaterThanOrEqual(started);
    await stopProcess(server);
    server = null;

    const store = await openPgliteStore(join(dataDir, "pglite"));
    try {
      const acme = store.forTenant("acme");
      // Every injected event was stored, and the drill is in the tenant's own stream.
      for (const t of truth.filter((x) => x.source === "injected"))
        for (const id of t.events.slice(0, 3)) expect((await acme.getEvent(id))?.id).toBe(id);
      const drills = await acme.listEvents({ limit: 5, tool: ["integrity.verified"] });
      expect(
        drills.events.map((e) => [e.outcome, (e.arguments as { drill?: boolean }).drill]),
      ).toEqual([["error", true]]);
    } finally {
      await store.close();
    }
  }, 300_000);
});
