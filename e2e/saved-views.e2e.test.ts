import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type App, PASSWORD, startApp } from "./fixtures/app";
import {
  type Chromium,
  describeBrowser,
  launchChromium,
  open,
  screenshot,
  settled,
  signInBrowser,
} from "./fixtures/browser";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

const column = (page: Page, c: string) =>
  page.locator(`table.data tbody td[data-column=${c}]`).allTextContents();
const search = (page: Page) => page.getByRole("textbox", { name: "Search" }).inputValue();

/** Opens the views menu and saves the explorer's current state under a name. */
async function saveView(page: Page, name: string, shared: boolean) {
  await page.locator("[data-testid=views-menu] > summary").click();
  await page.fill("[data-testid=view-name]", name);
  if (shared)
    await page
      .locator("[data-testid=views-menu]")
      .getByLabel("Everyone in the organisation")
      .check();
  await page.getByRole("button", { name: "Save current view" }).click();
  await page.waitForURL(/[?&]view=v_/);
  await settled(page);
  expect(await page.textContent("[data-testid=open-view-name]")).toBe(name);
  const href = await page.getAttribute("[data-testid=view-link]", "href");
  if (!href) throw new Error("no view link");
  return `${new URL(page.url()).origin}${href}`;
}

/**
 * Saved views in the real browser: a view saved from the explorer opens from its link in a fresh
 * page with the same query, range, sort and rows; a shared view is listed for another member and
 * a private one is not (its link is a 404 for them).
 */
describeBrowser("saved views", () => {
  let app: App;
  let chrome: Chromium;

  beforeAll(async () => {
    app = await startApp();
    await app.cli("tenants", "create", "acme", "--name", "Acme");
    await app.user("acme", "analyst@acme.test", "security_analyst");
    await app.user("acme", "officer@acme.test", "compliance_officer");
    const key = await app.key("acme");
    const now = Date.now();
    const tools = ["read_file", "read_file", "read_file", "write_file", "write_file"];
    const events = tools.map((tool, i) => ({
      id: `sv-${i}`,
      time: new Date(now - (i + 5) * 60_000).toISOString(),
      server: { name: "files" },
      method: "tools/call",
      tool,
      actor: { id: i % 2 ? "sv-bob" : "sv-alice" },
      outcome: "ok",
      duration_ms: 100 * (i + 1),
    }));
    expect((await app.send(key, events)).status).toBe(202);
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  it("saves a view, opens it from its link, and shows shared views only to other members", async () => {
    let page = await chrome.freshPage();
    await signInBrowser(page, app.url, "analyst@acme.test", PASSWORD);
    await open(
      page,
      `${app.url}/acme/events?range=24h&q=tool%3Aread_file&sort=duration_ms&dir=asc`,
    );
    const rows = await column(page, "actor");
    expect(await column(page, "tool")).toEqual(["read_file", "read_file", "read_file"]);
    const privateLink = await saveView(page, "My reads", false);
    expect(privateLink).toMatch(/\/acme\/views\/v_[A-Za-z0-9_-]+$/);

    // A duplicate name is refused in words, in place.
    await page.locator("[data-testid=views-menu] > summary").click();
    await page.fill("[data-testid=view-name]", "my READS");
    await page.getByRole("button", { name: "Save current view" }).click();
    await expect
      .poll(() => page.locator("[data-testid=views-menu] [role=alert]").textContent())
      .toContain('you already have a private view named "my READS"');

    await open(page, `${app.url}/acme/events?range=24h&q=-tool%3Aread_file`);
    const sharedLink = await saveView(page, "Team writes", true);
    await screenshot(page, "60-saved-view-open");

    // The link in a fresh page (signed in again): same query, order and rows, view named.
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "analyst@acme.test", PASSWORD);
    const res = await open(page, privateLink);
    // The status and the page's heading say what was answered instead, should it not redirect.
    const answered = `${res?.status()} ${await page.locator("h1").first().textContent()}`;
    expect(page.url(), answered).toMatch(
      /\/acme\/events\?range=24h&q=tool%3Aread_file&sort=duration_ms/,
    );
    expect(await search(page)).toBe("tool:read_file");
    expect(await column(page, "actor")).toEqual(rows);
    expect(await page.textContent("[data-testid=open-view-name]")).toBe("My reads");
    expect(await page.locator("[data-testid=view-changed]").count()).toBe(0);
    // `?view=<id>` alone is a link to the view as well.
    const id = privateLink.split("/").at(-1) ?? "";
    await open(page, `${app.url}/acme/events?view=${id}`);
    expect(page.url()).toContain(`q=tool%3Aread_file&sort=duration_ms&dir=asc&view=${id}`);
    expect(await column(page, "actor")).toEqual(rows);
    // Moving away from the view says so, and keeps the view open to update it.
    await page.locator("table.data thead").getByRole("link", { name: /Time/ }).click();
    await page.waitForURL((u) => u.searchParams.get("sort") === null);
    await settled(page);
    expect(await page.locator("[data-testid=view-changed]").count()).toBe(1);

    // Another member: the shared view is listed and opens; the private one is neither.
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "officer@acme.test", PASSWORD);
    await open(page, `${app.url}/acme/events?range=24h`);
    await page.locator("[data-testid=views-menu] > summary").click();
    const listed = await page.locator("[data-testid=saved-view]").allTextContents();
    expect(listed).toEqual(["Team writes"]);
    expect((await open(page, privateLink))?.status()).toBe(404);
    await open(page, sharedLink);
    expect(await search(page)).toBe("-tool:read_file");
    expect(await column(page, "tool")).toEqual(["write_file", "write_file"]);
    expect(await page.textContent("[data-testid=open-view]")).toContain(
      "shared by analyst@acme.test",
    );
    // Not theirs to change: no update, rename or delete controls.
    expect(await page.getByText("Rename, share or delete").count()).toBe(0);
    // Another organisation's address of the same view names nothing.
    expect((await open(page, sharedLink.replace("/acme/", "/globex/")))?.status()).toBe(404);
  });
});
