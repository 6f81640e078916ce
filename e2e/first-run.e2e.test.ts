import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { freePort } from "../test/fixtures/ports";
import { CLI, stopProcess } from "../test/fixtures/tooltrail-process";
import { PASSWORD } from "./fixtures/app";
import {
  type Chromium,
  describeBrowser,
  launchChromium,
  screenshot,
  signInBrowser,
} from "./fixtures/browser";
import { ensureDashboardBuilt } from "./fixtures/build";

// A real server and browser on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/** First run: no user exists, the server prints a one-time link that creates the owner. */
describeBrowser("first-run setup link", () => {
  let proc: ChildProcess;
  let dataDir = "";
  let url = "";
  let link = "";
  let chrome: Chromium;

  beforeAll(async () => {
    await ensureDashboardBuilt();
    dataDir = mkdtempSync(join(tmpdir(), "tooltrail-first-run-"));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    proc = spawn(process.execPath, [CLI, "serve"], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), INGEST_WORKERS: "0" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    link = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no setup link printed:\n${out}`)), 90_000);
      proc.stdout?.on("data", (b: Buffer) => {
        out += b.toString();
        const m = /(http:\/\/\S+\/setup\?token=\S+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    if (proc) await stopProcess(proc);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("creates the organisation and its owner once, then signs in", async () => {
    expect(link.startsWith(`${url}/setup?token=`)).toBe(true);
    const page = await chrome.freshPage();
    await page.goto(`${url}/setup?token=wrong`);
    expect(await page.textContent("main")).toContain("invalid, used or expired");
    await page.goto(link);
    await page.fill("input[name=tenantName]", "Initech");
    await page.fill("input[name=tenantId]", "initech");
    await page.fill("input[name=email]", "founder@initech.test");
    await page.fill("input[name=password]", PASSWORD);
    await screenshot(page, "15-first-run-setup");
    await page.click("button[type=submit]");
    await page.waitForSelector("text=Your organisation and owner account are ready");
    await page.goto(link);
    expect(await page.textContent("main")).toContain("invalid, used or expired");
    await signInBrowser(page, url, "founder@initech.test", PASSWORD);
    expect(new URL(page.url()).pathname).toBe("/initech");
    expect(await page.textContent(".sidebar")).toContain("Owner");
  });
});
