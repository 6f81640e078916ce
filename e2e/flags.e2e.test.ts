import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type App, PASSWORD, startApp } from "./fixtures/app";
import {
  type Chromium,
  describeBrowser,
  launchChromium,
  open,
  screenshot,
  signInBrowser,
} from "./fixtures/browser";

// A real server and browser on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 600_000 });

const HOUR = 3_600_000;
const SPIKER = "e2e-spiker";
const NOTE = "Nightly re-index by the search team; confirmed with them.";

/**
 * Anomaly flags end to end, on the real one-process server with an external scheduler
 * (DETECTION_INTERVAL_SECONDS=0, `tooltrail detect run`): demo traffic and four days of one
 * actor's steady calls, a first run that learns them, then a burst of calls that is a volume
 * spike; the flag appears on the Flags page, an analyst acknowledges and resolves it with a note,
 * and both steps are self-audit events in the tenant's stream.
 */
describeBrowser("anomaly flags in chromium", () => {
  let app: App;
  let chrome: Chromium;
  let page: Page;
  let key = "";

  const audit = async (tool: string) =>
    (await app.cli("events", "--tenant", "acme", "--tool", tool, "--from", "1h"))
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { actor: { id: string }; arguments?: Record<string, unknown> });

  const calls = (n: number, at: (i: number) => number, prefix: string) =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}-${i}`,
      time: new Date(at(i)).toISOString(),
      server: { name: "files" },
      tool: "delete_file",
      actor: { id: SPIKER, type: "user" },
      outcome: "ok",
      arguments: { path: `/srv/data/${prefix}-${i}.txt` },
    }));

  async function send(events: unknown[]) {
    for (let i = 0; i < events.length; i += 500)
      expect((await app.send(key, events.slice(i, i + 500))).status).toBe(202);
  }

  beforeAll(async () => {
    app = await startApp({ DETECTION_INTERVAL_SECONDS: "0" });
    await app.cli(
      ...["demo", "--url", app.url, "--days", "1", "--events-per-day", "200", "--tenants", "acme"],
    );
    await app.user("acme", "analyst@acme.test", "security_analyst");
    key = await app.key("acme");
    // History: two calls an hour for four days, ending two hours ago.
    const end = Date.now() - 2 * HOUR;
    await send(calls(4 * 24 * 2, (i) => end - i * (HOUR / 2), "history"));
    // The first run starts the tenant's evaluation now and learns everything before it.
    await app.cli("detect", "run", "--tenant", "acme");
    // The spike: 80 calls just after the first run's watermark (it holds back one minute).
    const after = Date.now();
    await send(calls(80, (i) => after - 50_000 + i * 100, "spike"));
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  it("raises the spike as a flag, which an analyst acknowledges and resolves with a note", async () => {
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "analyst@acme.test", PASSWORD);
    const list = `${app.url}/acme/flags?rule=volume_spike&subject=${SPIKER}`;
    // The spike's minute is evaluated once it is a minute old: run again until the flag is there.
    await expect
      .poll(
        async () => {
          await app.cli("detect", "run", "--tenant", "acme");
          await open(page, list);
          return page.locator("[data-testid=flag-link]").count();
        },
        { timeout: 180_000, interval: 5_000 },
      )
      .toBeGreaterThan(0);
    expect(await page.textContent("[data-testid=flag-link]")).toContain(SPIKER);
    await screenshot(page, "flags-01-list");

    await page.click("[data-testid=flag-link]");
    await page.waitForSelector("[data-testid=flag-sentence]");
    const flagId = decodeURIComponent(new URL(page.url()).pathname.split("/").pop() ?? "");
    expect(await page.textContent("[data-testid=flag-sentence]")).toContain(SPIKER);
    expect(await page.locator("[data-testid=evidence-row]").count()).toBeGreaterThan(0);
    await page.waitForSelector("[data-testid=flag-chart] .recharts-line");
    await screenshot(page, "flags-02-flag");

    await page.click('button:has-text("Acknowledge")');
    await expect
      .poll(() => page.getAttribute("[aria-label=Figures] [data-status]", "data-status"), {
        timeout: 30_000,
      })
      .toBe("acknowledged");

    await page.selectOption("select[name=reason]", "true_positive_benign");
    await page.fill("textarea[name=note]", NOTE);
    await page.click('button:has-text("Resolve")');
    await expect
      .poll(() => page.textContent("[data-testid=resolution-note]").catch(() => null), {
        timeout: 30_000,
      })
      .toContain(NOTE);
    expect(await page.getAttribute("[aria-label=Figures] [data-status]", "data-status")).toBe(
      "resolved",
    );
    await screenshot(page, "flags-03-resolved");

    // Both steps are in the tenant's own stream, by the analyst, with the flag and the note.
    await expect
      .poll(async () => (await audit("flag.resolved")).length, { timeout: 60_000 })
      .toBeGreaterThan(0);
    const [ack] = await audit("flag.acknowledged");
    const [resolved] = await audit("flag.resolved");
    expect(ack?.arguments).toMatchObject({ flag_id: flagId, rule: "volume_spike" });
    expect(resolved?.arguments).toMatchObject({
      flag_id: flagId,
      reason: "true_positive_benign",
      note: NOTE,
    });
    expect(resolved?.actor.id).toBeTruthy();

    // Escalated: an incident with its running 72-hour clock, the flag linked.
    await page.click("summary:has-text('Escalate to an incident')");
    await page.fill("input[name=title]", "Mass deletion on files");
    await page.click('button:has-text("Escalate")');
    await expect
      .poll(() => page.locator("[aria-label=Figures] a:has-text('incident')").count(), {
        timeout: 30_000,
      })
      .toBe(1);
    await open(page, `${app.url}/acme/incidents`);
    expect(await page.textContent("[data-testid=incident-row]")).toContain(
      "Mass deletion on files",
    );
    expect(await page.getAttribute("[data-testid=incident-clock]", "data-state")).toBe("running");
    await page.click("[data-testid=incident-row] a");
    await page.waitForSelector("[aria-label=Flags] li");
    expect(await page.textContent("[aria-label=Flags]")).toContain(SPIKER);
    await screenshot(page, "flags-04-incident");
    expect((await audit("incident.created")).length).toBe(1);
  });

  it("shows the rules in Settings, the badge on the actor page, and viewers only counts", async () => {
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "analyst@acme.test", PASSWORD);
    await open(page, `${app.url}/acme/settings`);
    expect(await page.textContent("[data-testid=rule-volume_spike]")).toContain("Volume spike");
    // An analyst reads the rules and how their flags were resolved, and changes nothing.
    expect(await page.textContent("[data-testid=rule-volume_spike] summary")).toContain("benign 1");
    expect(await page.locator("[data-testid=rule-volume_spike] button").count()).toBe(0);
    await open(page, `${app.url}/acme/actors/${SPIKER}?range=24h`);
    expect(await page.textContent("[data-testid=open-flags-badge]")).toMatch(/open flag/);
    await screenshot(page, "flags-05-actor-badge");

    await app.user("acme", "viewer@acme.test", "viewer");
    const viewer = await chrome.freshPage();
    await signInBrowser(viewer, app.url, "viewer@acme.test", PASSWORD);
    await open(viewer, `${app.url}/acme/flags`);
    expect(await viewer.locator("[data-testid=flag-counts]").count()).toBe(1);
    expect(await viewer.locator("[data-testid=flag-link]").count()).toBe(0);
    expect(await viewer.textContent("body")).not.toContain(SPIKER);
    await open(viewer, `${app.url}/acme?range=24h`);
    expect(await viewer.locator("[data-testid=overview-flags]").count()).toBe(1);
    await screenshot(viewer, "flags-06-viewer");
  });
});
