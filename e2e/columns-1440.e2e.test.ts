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

vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/** What a table shows of its columns on screen: each header's edges, and whether it scrolls. */
type Fit = {
  viewport: number;
  scrolls: { scrollWidth: number; clientWidth: number };
  headers: { text: string; left: number; right: number; cut: boolean; title: string | null }[];
  /** Cells whose text is cut by the column (ellipsis) without the full text as a tooltip. */
  cutWithoutTitle: string[];
};

async function measureColumns(page: Page, table: string): Promise<Fit> {
  return page.locator(table).evaluate((t) => {
    const wrap = t.closest(".table-wrap") as HTMLElement;
    // Cut sideways (an ellipsis) or below (a two-line clamp), itself or a part of it.
    const overflows = (el: HTMLElement) =>
      el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    const cut = (el: HTMLElement) =>
      overflows(el) || [...el.querySelectorAll<HTMLElement>(".clamp")].some(overflows);
    const titled = (el: HTMLElement) =>
      el.title !== "" || el.querySelector("[title]") !== null || el.closest("[title]") !== null;
    return {
      viewport: window.innerWidth,
      scrolls: { scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth },
      headers: [...t.querySelectorAll("thead th")].map((th) => {
        const r = th.getBoundingClientRect();
        const el = th as HTMLElement;
        return {
          text: el.textContent ?? "",
          left: r.left,
          right: r.right,
          cut: cut(el),
          title: el.getAttribute("title"),
        };
      }),
      cutWithoutTitle: [...t.querySelectorAll("tbody td")]
        .filter((td) => cut(td as HTMLElement) && !titled(td as HTMLElement))
        .map((td) => td.textContent ?? ""),
    };
  });
}

function expectAllVisible(f: Fit) {
  const outside = f.headers.filter((h) => h.left < 0 || h.right > f.viewport);
  expect(outside, `headers outside the ${f.viewport} px viewport`).toEqual([]);
  expect(f.scrolls.scrollWidth, "the table scrolls sideways").toBeLessThanOrEqual(
    f.scrolls.clientWidth + 1,
  );
  // A header cut short keeps its full text as a tooltip; so does a cut cell.
  expect(f.headers.filter((h) => h.cut && !h.title).map((h) => h.text)).toEqual([]);
  expect(f.cutWithoutTitle).toEqual([]);
}

/**
 * At 1440 × 900 every column of Sources and of the explorer is on screen, without scrolling
 * sideways, with long values cut and given whole as a tooltip (issue 11).
 */
describeBrowser("columns at 1440 px", () => {
  let app: App;
  let chrome: Chromium;
  beforeAll(async () => {
    app = await startApp();
    await app.cli(
      ...["demo", "--url", app.url, "--days", "1", "--events-per-day", "300", "--tenant", "acme"],
    );
    await app.user("acme", "owner@acme.test", "owner");
    // Long names: a source, an actor, a client, a server and a tool longer than any column.
    const long = (s: string) => `${s}-${"x".repeat(60)}`;
    await app.cli("keys", "create", "--tenant", "acme", "--name", long("gateway"));
    const token = await app.key("acme");
    const res = await app.send(token, [
      {
        id: "long-values",
        time: new Date().toISOString(),
        server: { name: long("server") },
        tool: long("tool"),
        actor: { id: long("actor") },
        client: { name: long("client") },
        agent: { name: long("agent") },
        outcome: "ok",
        duration_ms: 123_456,
        data_classification: "confidential",
      },
    ]);
    expect(res.status).toBe(202);
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  it("shows every column of Sources on screen", async () => {
    const page = await chrome.freshPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
    await open(page, `${app.url}/acme/sources?range=7d`);
    const f = await measureColumns(page, "table[data-testid=coverage]");
    expect(f.headers.length).toBeGreaterThan(10);
    await screenshot(page, "columns-1440-sources");
    expectAllVisible(f);
  });

  it("shows every column of the explorer on screen", async () => {
    const page = await chrome.freshPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
    await open(page, `${app.url}/acme/events?range=7d`);
    const f = await measureColumns(page, "table.data:has(th[data-column=time])");
    expect(f.headers.map((h) => h.text.trim()).length).toBe(10);
    await screenshot(page, "columns-1440-explorer");
    expectAllVisible(f);
  });
});
