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

vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/** An actor id the query language must quote, with markup that must stay text. */
const HOSTILE = 'O\'Brien "x" <img src=x onerror=alert(1)>';
const SPECS = [
  ...Array.from({ length: 5 }, () => ({ actor: "fa-alice", tool: "read_file" })),
  ...Array.from({ length: 3 }, () => ({ actor: "fa-bob", tool: "read_file" })),
  ...Array.from({ length: 2 }, () => ({ actor: "fa-alice", tool: "write_file" })),
  { actor: HOSTILE, tool: "read_file" },
];

const total = async (page: Page) =>
  (await page.textContent("[data-testid=match-count]"))?.trim() ?? "";
const column = (page: Page, c: string) =>
  page.locator(`table.data tbody td[data-column=${c}]`).allTextContents();

/** Counts per value beside the explorer: a click narrows the query, the rows and the total. */
describeBrowser("explorer facets and total", () => {
  let app: App;
  let chrome: Chromium;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    await app.cli("tenants", "create", "acme", "--name", "Acme");
    await app.user("acme", "analyst@acme.test", "security_analyst");
    const key = await app.key("acme");
    const now = Date.now();
    const events = SPECS.map((s, i) => ({
      id: `fa-${i}`,
      time: new Date(now - (i + 5) * 60_000).toISOString(),
      server: { name: "files" },
      method: "tools/call",
      tool: s.tool,
      actor: { id: s.actor },
      outcome: "ok",
    }));
    expect((await app.send(key, events)).status).toBe(202);
    chrome = await launchChromium();
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "analyst@acme.test", PASSWORD);
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  it("adds field:value and -field:value from a facet, narrowing the rows and the total", async () => {
    await open(page, `${app.url}/acme/events?range=24h`);
    // MCP traffic only by default: the dashboard's own audit events are not counted.
    expect(await total(page)).toBe("11 events match");
    const tools = page.locator("[data-testid=facet-tool]");
    expect(await tools.textContent()).toContain("read_file9");
    // Keyboard: focus the value's link and press Enter.
    await tools.getByRole("link", { name: "Only tool read_file" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/q=tool%3Aread_file/);
    await settled(page);
    expect(await total(page)).toBe("9 events match");
    expect(new Set(await column(page, "tool"))).toEqual(new Set(["read_file"]));
    await screenshot(page, "50-explorer-facets");

    await page
      .locator("[data-testid=facet-actor]")
      .getByRole("link", { name: "Exclude actor fa-bob" })
      .click();
    await page.waitForURL(/actor%3Afa-bob/);
    await settled(page);
    expect(new URL(page.url()).searchParams.get("q")).toBe("tool:read_file -actor:fa-bob");
    expect(await total(page)).toBe("6 events match");
    expect(new Set(await column(page, "actor"))).toEqual(new Set(["fa-alice", HOSTILE]));
  });

  it("quotes a hostile value through the query language and renders it as text", async () => {
    await open(page, `${app.url}/acme/events?range=24h`);
    const actors = page.locator("[data-testid=facet-actor]");
    expect(await actors.textContent()).toContain(HOSTILE);
    expect(await page.locator("[data-testid=facets] img").count()).toBe(0);
    await actors.getByRole("link", { name: `Only actor ${HOSTILE}` }).click();
    await page.waitForURL(/q=actor/);
    await settled(page);
    expect(new URL(page.url()).searchParams.get("q")).toBe(
      'actor:"O\'Brien \\"x\\" <img src=x onerror=alert(1)>"',
    );
    expect(await total(page)).toBe("1 event matches");
    expect(await column(page, "actor")).toEqual([HOSTILE]);
  });
});
