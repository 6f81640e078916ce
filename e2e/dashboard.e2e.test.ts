import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type App, PASSWORD, signInHttp, startApp } from "./fixtures/app";
import {
  type Chromium,
  describeBrowser,
  launchChromium,
  open,
  screenshot,
  settled,
  signInBrowser,
} from "./fixtures/browser";

// A real server and browser on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/**
 * The dashboard in a real browser against the real one-process server, with data sent by
 * `tooltrail demo` through the ingest API: sign-in, overview charts, explorer filters, pages,
 * event detail, export, self-audit, and what each role may see.
 */
describeBrowser("dashboard in chromium", () => {
  let app: App;
  let chrome: Chromium;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    await app.cli(
      "demo",
      "--url",
      app.url,
      "--days",
      "2",
      "--events-per-day",
      "400",
      "--tenants",
      "acme,globex",
    );
    await app.user("acme", "owner@acme.test", "owner");
    await app.user("acme", "auditor@acme.test", "auditor", "2099-01-01T00:00:00Z");
    await app.user("acme", "viewer@acme.test", "viewer");
    await app.user("acme", "expired@acme.test", "auditor", "2020-01-01T00:00:00Z");
    await app.user("globex", "owner@globex.test", "owner");
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  async function as(email: string): Promise<Page> {
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, email, PASSWORD);
    return page;
  }

  it("refuses a wrong password with a clear message", async () => {
    page = await chrome.freshPage();
    await open(page, `${app.url}/sign-in`);
    await page.fill("input[name=email]", "owner@acme.test");
    await page.fill("input[name=password]", "not the password");
    await page.click("button[type=submit]");
    await expect
      .poll(() => page.textContent("[data-testid=sign-in-error]"))
      .toContain("Wrong email or password");
    await screenshot(page, "01-sign-in-error");
  });

  it("shows the overview with KPIs and charts for the demo traffic", async () => {
    await as("owner@acme.test");
    expect(new URL(page.url()).pathname).toBe("/acme");
    await open(page, `${app.url}/acme?range=7d`);
    const calls = Number(
      (await page.textContent("[data-testid=kpi-calls] .kpi-value"))?.replace(/,/g, ""),
    );
    expect(calls).toBeGreaterThan(500);
    // Bars are drawn by a custom shape (links), so empty segments keep an empty wrapper: count
    // the painted ones.
    await page.waitForSelector(".recharts-bar-rectangle path");
    await settled(page);
    expect(await page.locator(".recharts-bar-rectangle path").count()).toBeGreaterThan(10);
    await screenshot(page, "02-overview");
    // A bar opens the explorer on its time bucket and outcome.
    const bars = page.locator(
      "section[aria-label='Calls over time'] .recharts-bar-rectangle path, section[aria-label='Calls over time'] .recharts-bar-rectangle rect",
    );
    const heights = await bars.evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect().height),
    );
    const tallest = heights.indexOf(Math.max(...heights));
    await bars.nth(tallest).click();
    await page.waitForURL(/\/acme\/events\?.*range=custom/);
    const q = new URL(page.url()).searchParams;
    expect(Date.parse(q.get("to") ?? "") - Date.parse(q.get("from") ?? "")).toBe(3 * 3600_000);
    expect(q.get("outcome")).toBeTruthy();
    await settled(page);
    const outcomes = await page.locator("table.data tbody tr .badge").allTextContents();
    expect(new Set(outcomes)).toEqual(new Set([(q.get("outcome") ?? "").replace("_", " ")]));
    await open(page, `${app.url}/acme?range=7d`);
  });

  it("links a top tool into the explorer with its filter applied", async () => {
    const link = page.locator("section[aria-label='Top tools'] a").first();
    const tool = (await link.textContent()) ?? "";
    await link.click();
    await page.waitForURL(/\/acme\/events\?/);
    await settled(page);
    expect(new URL(page.url()).searchParams.get("tool")).toBe(tool);
    const tools = await page.locator("table.data tbody tr td:nth-child(5)").allTextContents();
    expect(tools.length).toBeGreaterThan(0);
    expect(new Set(tools)).toEqual(new Set([tool]));
  });

  it("filters and paginates the explorer on the server", async () => {
    await open(page, `${app.url}/acme/events?range=7d&outcome=ok&size=25`);
    const first = await page.locator("table.data tbody tr td:first-child").allTextContents();
    expect(first).toHaveLength(25);
    const outcomes = await page.locator("table.data tbody tr .badge").allTextContents();
    expect(new Set(outcomes)).toEqual(new Set(["ok"]));
    await screenshot(page, "03-explorer");
    await page.click("[data-testid=next-page]");
    await page.waitForURL(/cursor=/);
    await settled(page);
    await page.waitForSelector("table.data tbody tr");
    const second = await page.locator("table.data tbody tr td:first-child").allTextContents();
    expect(second).toHaveLength(25);
    expect(second.filter((t) => first.includes(t))).toEqual([]);
    // Newest first across the page boundary.
    expect(Date.parse(`${(second[0] ?? "").replace(" ", "T")}`)).toBeLessThanOrEqual(
      Date.parse(`${(first.at(-1) ?? "").replace(" ", "T")}`),
    );
  });

  it("opens an event with its fields, controls, correlated events and a verified batch", async () => {
    await open(page, `${app.url}/acme/events?range=7d&server=github`);
    // A click on the row outside its links (here the outcome cell) opens the event.
    await page.locator("table.data tbody tr").first().locator(".badge").click();
    // The event page keeps the explorer's range for its pivots (range=7d).
    await page.waitForURL(/\/acme\/events\/[^/?]+\?range=7d$/);
    await expect
      .poll(() => page.textContent("[data-testid=integrity]"), { timeout: 15_000 })
      .toContain("verified");
    expect(await page.textContent("section[aria-label='Fields']")).toContain("github");
    await screenshot(page, "04-event");
  });

  it("exports the current filter as CSV and NDJSON", async () => {
    const csv = await page.request.get(`${app.url}/acme/export?range=7d&outcome=denied&format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toMatch(
      /attachment; filename="tooltrail-acme-.*\.csv"/,
    );
    const body = await csv.body();
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toMatch(/^time,id,server/);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.slice(1).every((l) => l.includes(",denied,"))).toBe(true);
    const nd = await page.request.get(
      `${app.url}/acme/export?range=7d&outcome=denied&format=ndjson`,
    );
    const events = (await nd.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { outcome: string; tenant_id: string });
    expect(events.length).toBe(lines.length - 1);
    expect(events.every((e) => e.outcome === "denied" && e.tenant_id === "acme")).toBe(true);
  });

  it("records the dashboard's own reads as events of server tooltrail-dashboard", async () => {
    await open(page, `${app.url}/acme/events?range=1h&activity=dashboard&size=200`);
    const tools = new Set(
      await page.locator("table.data tbody tr td:nth-child(5)").allTextContents(),
    );
    for (const t of [
      "auth.sign_in",
      "auth.sign_in_failed",
      "overview.view",
      "events.list",
      "event.open_payload",
      "events.export",
    ])
      expect(tools).toContain(t);
    await screenshot(page, "05-self-audit");
  });

  it("keeps the dashboard's own reads out of the overview, and shows them in its audit", async () => {
    const calls = async () =>
      Number((await page.textContent("[data-testid=kpi-calls] .kpi-value"))?.replace(/,/g, ""));
    await open(page, `${app.url}/acme?range=7d`);
    const before = await calls();
    // This page view is one more self-audit event (overview.view), written before the read.
    await open(page, `${app.url}/acme?range=7d`);
    expect(await calls()).toBe(before);
    expect(await page.textContent("section[aria-label='Top tools']")).not.toContain(
      "overview.view",
    );
    const own = page.locator("[data-testid=activity-switch] a[data-activity=dashboard]");
    expect(await own.textContent()).toBe("Audit of this dashboard");
    await own.click();
    await page.waitForURL(/[?&]activity=dashboard/);
    await settled(page);
    expect(await calls()).toBeGreaterThanOrEqual(2);
    expect(await page.textContent("section[aria-label='Top tools']")).toContain("overview.view");
    expect(await page.textContent("[data-testid=activity-switch] [aria-current=true]")).toBe(
      "Audit of this dashboard",
    );
    await screenshot(page, "05b-dashboard-audit");
  });

  it("shows actor, tool, quarantine and settings pages", async () => {
    for (const [path, name] of [
      ["/acme/actors/u-alice?range=7d", "06-actor"],
      ["/acme/tools/read_file?range=7d", "07-tool"],
      ["/acme/quarantine", "08-quarantine"],
      ["/acme/settings", "09-settings"],
    ] as const) {
      const res = await open(page, `${app.url}${path}`);
      expect(res?.status()).toBe(200);
      await screenshot(page, name);
    }
    expect((await page.goto(`${app.url}/acme/tools/%E0%A4%A`))?.status()).toBe(400);
    await open(page, `${app.url}/acme/quarantine`);
    expect(await page.locator("[data-testid=quarantined]").count()).toBeGreaterThan(0);
  });

  it("shows each source's evidence coverage, with the largest gaps first", async () => {
    await open(page, `${app.url}/acme/sources?range=30d`);
    const table = page.locator("[data-testid=coverage]");
    // MCP sources only: the dashboard's own self-audit is no source (the CLI still lists it).
    expect(await table.locator("tbody tr").count()).toBeGreaterThanOrEqual(1);
    expect(await table.textContent()).not.toContain("(Tooltrail self-audit)");
    expect(await page.locator("[data-testid=gaps]").textContent()).toMatch(
      /no \w[\w ,]* on \d+(\.\d)?% of calls/,
    );
    await screenshot(page, "15-sources");
  });

  it("invites a member with a one-time link, creates and revokes a key, and audits every change", async () => {
    await as("owner@acme.test");
    await open(page, `${app.url}/acme/settings`);
    const invite = page.locator("section[aria-label=Members] form").last();
    await invite.locator("input[name=email]").fill("newcomer@acme.test");
    await invite.locator("select[name=role]").selectOption("security_analyst");
    await invite.locator("button[type=submit]").click();
    const link =
      (await page
        .locator("[data-testid=one-time-secret]")
        .first()
        .textContent({ timeout: 15_000 })) ?? "";
    expect(link).toMatch(/\/invite\?token=/);
    await screenshot(page, "14-settings-invited");

    const keyForm = page.locator("section[aria-label='Ingest keys'] form").last();
    await keyForm.locator("input[name=name]").fill("e2e-github");
    await keyForm.locator("input[name=servers]").fill("github");
    await keyForm.locator("input[name=rate]").fill("50");
    await keyForm.locator("button[type=submit]").click();
    const token =
      (await page
        .locator("section[aria-label='Ingest keys'] [data-testid=one-time-secret]")
        .textContent({ timeout: 15_000 })) ?? "";
    expect(token).toMatch(/^tt_/);
    const ok = await app.send(token, [
      {
        id: "via-new-key",
        time: new Date().toISOString(),
        server: { name: "github" },
        tool: "t",
        actor: { id: "a" },
        outcome: "ok",
      },
    ]);
    expect(ok.status).toBe(202);
    const scoped = await app.send(token, [
      {
        id: "other-server",
        time: new Date().toISOString(),
        server: { name: "jira" },
        tool: "t",
        actor: { id: "a" },
        outcome: "ok",
      },
    ]);
    expect(scoped.status).toBe(403);
    await page.reload();
    page.once("dialog", (d) => void d.accept());
    await page
      .locator("section[aria-label='Ingest keys'] tr", { hasText: "e2e-github" })
      .locator("button:has-text('Revoke')")
      .click();
    await expect
      .poll(
        () =>
          page
            .locator("section[aria-label='Ingest keys'] tr", { hasText: "e2e-github" })
            .textContent(),
        // A server action and the page's revalidation: on a loaded 2-core machine, seconds.
        { timeout: 15_000 },
      )
      .toContain("revoked");

    const newcomer = await chrome.freshPage();
    await newcomer.goto(link);
    await newcomer.fill("input[name=password]", PASSWORD);
    await newcomer.click("button[type=submit]");
    await newcomer.waitForSelector("text=Your password is set");
    await newcomer.goto(`${app.url}/sign-in`);
    await newcomer.fill("input[name=email]", "newcomer@acme.test");
    await newcomer.fill("input[name=password]", PASSWORD);
    await newcomer.click("button[type=submit]");
    await newcomer.waitForURL(`${app.url}/acme`);
    expect(await newcomer.textContent(".sidebar")).toContain("Security analyst");
    // The link is single-use.
    await newcomer.goto(link);
    expect(await newcomer.textContent("main")).toContain("invalid, used or expired");

    await as("owner@acme.test");
    await open(page, `${app.url}/acme/events?range=1h&activity=dashboard&size=200`);
    const tools = new Set(
      await page.locator("table.data tbody tr td:nth-child(5)").allTextContents(),
    );
    for (const t of [
      "member.invited",
      "member.invitation_accepted",
      "key.created",
      "key.revoked",
      "settings.view",
    ])
      expect(tools).toContain(t);
  });

  it("lets an auditor read evidence but not export or change anything", async () => {
    await as("auditor@acme.test");
    const res = await open(page, `${app.url}/acme/events?range=7d`);
    expect(res?.status()).toBe(200);
    expect(await page.locator("[data-testid=export-csv]").count()).toBe(0);
    expect((await page.request.get(`${app.url}/acme/export?format=csv`)).status()).toBe(403);
    await open(page, `${app.url}/acme/settings`);
    expect(await page.locator("button:has-text('Invite')").count()).toBe(0);
    expect(await page.locator("button:has-text('Create key')").count()).toBe(0);
    await screenshot(page, "10-auditor-settings");
  });

  it("keeps a viewer to the overview", async () => {
    await as("viewer@acme.test");
    expect((await open(page, `${app.url}/acme?range=7d`))?.status()).toBe(200);
    // Flags: counts per severity and status only (flags:count), never what a flag says.
    expect(await page.locator("nav[aria-label=Sections] a").allTextContents()).toEqual([
      "Overview",
      "Flags",
    ]);
    await screenshot(page, "11-viewer-overview");
    // No free-text search for a role that may not read payloads: it would reveal them by counts.
    expect(await page.locator("input[name=q]").count()).toBe(0);
    // (github only: the viewer's own page views are events of tooltrail-dashboard.)
    await open(page, `${app.url}/acme?range=7d&server=github`);
    const calls = await page.textContent("[data-testid=kpi-calls] .kpi-value");
    await open(page, `${app.url}/acme?range=7d&server=github&q=zzz-matches-nothing`);
    expect(await page.textContent("[data-testid=kpi-calls] .kpi-value")).toBe(calls);
    // A signed-in user sent to sign-in with a foreign callback stays on this site.
    await page.goto(`${app.url}/sign-in?callbackUrl=//evil.example/x`);
    expect(new URL(page.url()).origin).toBe(app.url);
    const events = await open(page, `${app.url}/acme/events`);
    expect(events?.status()).toBe(403);
    expect(await page.locator("[data-testid=forbidden]").count()).toBe(1);
    await screenshot(page, "12-viewer-forbidden");
  });

  it("refuses an auditor whose access has ended", async () => {
    await as("expired@acme.test");
    expect(await page.textContent("body")).toContain("access ended 2020-01-01");
    expect((await open(page, `${app.url}/acme`))?.status()).toBe(403);
    await screenshot(page, "13-expired-auditor");
    await open(page, app.url);
    await page.click("button:has-text('Sign out')");
    await page.waitForURL(/\/sign-in/);
    await page.goto(`${app.url}/acme`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    const out = await app.cli(
      "events",
      "--tenant",
      "acme",
      "--tool",
      "auth.sign_out",
      "--from",
      "1h",
    );
    expect(out).toContain("expired@acme.test");
  });

  it("never shows one tenant's data to another tenant's owner", async () => {
    const cookie = await signInHttp(app.url, "owner@globex.test");
    const acmeEvent = JSON.parse(
      (await app.cli("events", "--tenant", "acme", "--limit", "1")).trim(),
    ) as { id: string };
    for (const path of [
      "/acme",
      "/acme/events",
      `/acme/events/${encodeURIComponent(acmeEvent.id)}`,
      "/acme/export?format=csv",
      "/acme/settings",
    ]) {
      const r = await fetch(`${app.url}${path}`, { headers: { cookie }, redirect: "manual" });
      expect([path, r.status]).toEqual([path, 404]);
      // The 404 echoes the requested URL, nothing of the tenant's data.
      const body = await r.text();
      expect(body).not.toContain("acme (demo)");
      expect(body).not.toContain('"tenant_id":"acme"');
    }
    // The same id under globex's own URL is not found either: ids never cross tenants.
    const own = await fetch(`${app.url}/globex/events/${encodeURIComponent(acmeEvent.id)}`, {
      headers: { cookie },
    });
    expect([404, 200]).toContain(own.status);
    if (own.status === 200) expect(await own.text()).not.toContain('"tenant_id":"acme"');
  });
});
