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

/**
 * The overview's charts without a mouse: legend items and bar segments are links that Tab
 * reaches (with a visible focus outline) and Enter opens, each to the explorer filtered to it,
 * and each chart's numbers are in a table that adds up to the chart.
 */
describeBrowser("overview charts by keyboard and as tables, in chromium", () => {
  let app: App;
  let chrome: Chromium;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    await app.cli(
      ...["demo", "--url", app.url, "--days", "1", "--events-per-day", "400", "--tenants", "acme"],
    );
    await app.user("acme", "owner@acme.test", "owner");
    chrome = await launchChromium();
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  const calls = "section[aria-label='Calls over time']";

  it("links every legend item to the explorer filtered to its series", async () => {
    await open(page, `${app.url}/acme?range=24h`);
    const legend = page.locator(`${calls} ul[aria-label=Legend] li`);
    const items = await legend.count();
    expect(items).toBeGreaterThan(1);
    expect(await page.locator(`${calls} ul[aria-label=Legend] li a`).count()).toBe(items);
    const series = await legend.evaluateAll((lis) => lis.map((l) => l.getAttribute("data-series")));
    for (const [i, key] of series.entries()) {
      const href = await legend.nth(i).locator("a").getAttribute("href");
      expect(new URL(href ?? "", app.url).searchParams.get("outcome")).toBe(key);
    }
    const denials = page.locator("section[aria-label='Denials over time'] ul[aria-label=Legend] a");
    for (const href of await denials.evaluateAll((as) => as.map((a) => a.getAttribute("href"))))
      expect(new URL(href ?? "", app.url).searchParams.get("q")).toMatch(/policy:/);
  });

  it("reaches a bar by Tab after the legend, shows its focus, and opens it with Enter", async () => {
    await open(page, `${app.url}/acme?range=24h`);
    await page.waitForSelector(`${calls} svg a[aria-label]`);
    await page.locator(`${calls} ul[aria-label=Legend] li a`).last().focus();
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      const path = a?.querySelector("path");
      return {
        inSvg: !!a?.closest("svg"),
        name: a?.getAttribute("aria-label") ?? "",
        href: a?.getAttribute("href") ?? "",
        stroke: path ? getComputedStyle(path).stroke : "",
        strokeWidth: path ? getComputedStyle(path).strokeWidth : "",
      };
    });
    expect(focused.inSvg).toBe(true);
    expect(focused.name).toMatch(/^\d+ [a-z ]+ calls from /);
    // The focus outline: the segment's edge in the text colour, 2 px (charts.module.css).
    expect(focused.stroke).toBe("rgb(27, 31, 36)");
    expect(focused.strokeWidth).toBe("2px");
    await screenshot(page, "overview-bar-focus");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/acme\/events\?.*range=custom/);
    const q = new URL(page.url()).searchParams;
    expect(q.toString()).toBe(new URL(focused.href, app.url).searchParams.toString());
    expect(q.get("outcome")).toBeTruthy();
    await settled(page);
    const outcomes = await page.locator("table.data tbody tr .badge").allTextContents();
    expect(new Set(outcomes)).toEqual(new Set([(q.get("outcome") ?? "").replace("_", " ")]));
  });

  it("shows each chart as a table whose totals are the chart's and the KPI's", async () => {
    await open(page, `${app.url}/acme?range=24h`);
    const kpi = Number(
      (await page.textContent("[data-testid=kpi-calls] .kpi-value"))?.replace(/,/g, ""),
    );
    const table = page.locator(`${calls} details[data-testid=chart-table]`);
    await table.locator("summary").click();
    const totals = await table
      .locator("tbody tr td:last-child")
      .evaluateAll((tds) => tds.map((td) => Number(td.textContent?.replace(/,/g, ""))));
    expect(totals.length).toBeGreaterThan(0);
    expect(totals.reduce((a, b) => a + b, 0)).toBe(kpi);
    // A cell is a link to its interval and outcome, like the bar it stands for.
    const cell = table.locator("tbody tr td a").first();
    const href = new URL((await cell.getAttribute("href")) ?? "", app.url);
    expect(href.searchParams.get("range")).toBe("custom");
    await screenshot(page, "overview-chart-table");
  });
});
