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

vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/** Durations of the rows shown, as displayed ("12 ms", "3.4 ms"; null for "–"). */
async function durations(page: Page): Promise<(number | null)[]> {
  const cells = await page.locator("table.data tbody td[data-column=duration]").allTextContents();
  return cells.map((t) => (t.trim() === "–" ? null : Number.parseFloat(t)));
}

function expectSorted(values: (number | null)[], dir: "asc" | "desc") {
  const firstNull = values.indexOf(null);
  const numbers = firstNull === -1 ? values : values.slice(0, firstNull);
  // No value after the first missing one: missing durations come last in both directions.
  expect(firstNull === -1 || values.slice(firstNull).every((v) => v === null)).toBe(true);
  for (let i = 1; i < numbers.length; i++)
    if (dir === "desc") expect(numbers[i]).toBeLessThanOrEqual(numbers[i - 1] as number);
    else expect(numbers[i]).toBeGreaterThanOrEqual(numbers[i - 1] as number);
}

/**
 * The explorer's server-side sorting and the user's saved columns in a real browser, and failed
 * sign-ins for unknown emails over HTTP, against the real one-process server.
 */
describeBrowser("explorer sorting, saved columns and unknown-email sign-ins", () => {
  let app: App;
  let chrome: Chromium;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    await app.cli(
      "demo",
      ...["--url", app.url, "--days", "1", "--events-per-day", "300", "--tenants", "acme"],
    );
    await app.user("acme", "owner@acme.test", "owner");
    await app.user("acme", "analyst@acme.test", "security_analyst");
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  it("keeps a hidden column hidden in a fresh browser, rendered so by the server", async () => {
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "analyst@acme.test", PASSWORD);
    await open(page, `${app.url}/acme/events?range=7d`);
    expect(await page.locator("th[data-column=verdict]").count()).toBe(1);
    await page.click("summary:has-text('Columns')");
    const saved = page.waitForResponse(
      (r) => r.request().method() === "POST" && r.request().headers()["next-action"] !== undefined,
    );
    await page.uncheck("[data-testid=column-toggle-verdict]");
    expect((await saved).status()).toBe(200);
    expect(await page.locator("th[data-column=verdict]").count()).toBe(0);

    // Another browser (new profile, nothing in its storage), signed in again.
    const other = await launchChromium();
    try {
      const fresh = await other.freshPage();
      await signInBrowser(fresh, app.url, "analyst@acme.test", PASSWORD);
      await open(fresh, `${app.url}/acme/events?range=7d`);
      expect(await fresh.locator("th[data-column=verdict]").count()).toBe(0);
      expect(await fresh.locator("td[data-column=verdict]").count()).toBe(0);
      expect(await fresh.locator("th[data-column=tool]").count()).toBe(1);
      expect(await fresh.isChecked("[data-testid=column-toggle-verdict]")).toBe(false);
    } finally {
      await other.close();
    }
    // No flash: the server's HTML already lacks the column.
    const cookie = await signInHttp(app.url, "analyst@acme.test");
    const html = await (
      await fetch(`${app.url}/acme/events?range=7d`, { headers: { cookie } })
    ).text();
    expect(html).toContain('data-column="tool"');
    expect(html).not.toContain('data-column="verdict"');
    // Another user keeps every column.
    const owner = await signInHttp(app.url, "owner@acme.test");
    const theirs = await (
      await fetch(`${app.url}/acme/events?range=7d`, { headers: { cookie: owner } })
    ).text();
    expect(theirs).toContain('data-column="verdict"');
  });

  it("sorts by duration from the header, in the URL, across a page boundary, both ways", async () => {
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
    await open(page, `${app.url}/acme/events?range=7d&size=25`);
    expect(await page.getAttribute("th[data-column=time]", "aria-sort")).toBe("descending");
    expect(await page.getAttribute("th[data-column=duration]", "aria-sort")).toBe("none");
    expect(await page.getAttribute("th[data-column=client]", "aria-sort")).toBeNull();
    await page.click("th[data-column=duration] a");
    await page.waitForURL(/sort=duration_ms&dir=desc/);
    await settled(page);
    expect(await page.getAttribute("th[data-column=duration]", "aria-sort")).toBe("descending");
    expect(await page.getAttribute("th[data-column=time]", "aria-sort")).toBe("none");
    const first = await durations(page);
    expect(first).toHaveLength(25);
    await screenshot(page, "16-explorer-sorted-by-duration");
    await page.click("[data-testid=next-page]");
    await page.waitForURL(/cursor=/);
    await settled(page);
    const second = await durations(page);
    expect(second).toHaveLength(25);
    expectSorted([...first, ...second], "desc");
    const ids = async () =>
      page
        .locator("table.data tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.querySelector("td a")?.getAttribute("href")));
    const secondIds = await ids();

    // The same cursor under another order is refused with the reason, not misread.
    const url = new URL(page.url());
    url.searchParams.set("dir", "asc");
    await open(page, url.toString());
    expect(await page.textContent("[data-testid=bad-cursor]")).toContain(
      "sorted by duration_ms desc, not by duration_ms asc",
    );

    await open(page, `${app.url}/acme/events?range=7d&size=25&sort=duration_ms&dir=desc`);
    await page.click("th[data-column=duration] a");
    await page.waitForURL(/sort=duration_ms&dir=asc/);
    await settled(page);
    expect(await page.getAttribute("th[data-column=duration]", "aria-sort")).toBe("ascending");
    const up = await durations(page);
    await page.click("[data-testid=next-page]");
    await page.waitForURL(/cursor=/);
    await settled(page);
    expectSorted([...up, ...(await durations(page))], "asc");
    expect(await ids()).not.toEqual(secondIds);

    // The page view's audit event records the order.
    const audit = await app.cli(
      "events",
      ...["--tenant", "acme", "--tool", "events.list", "--from", "1h", "--desc", "--limit", "5"],
    );
    expect(audit).toContain('"sort":"duration_ms"');
  });

  it("exports in the explorer's order and refuses an unknown sort with a problem", async () => {
    const cookie = await signInHttp(app.url, "owner@acme.test");
    const nd = await fetch(
      `${app.url}/acme/export?range=7d&format=ndjson&sort=duration_ms&dir=asc`,
      { headers: { cookie } },
    );
    expect(nd.status).toBe(200);
    const rows = (await nd.text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { duration_ms?: number });
    expect(rows.length).toBeGreaterThan(200);
    expectSorted(
      rows.map((r) => r.duration_ms ?? null),
      "asc",
    );
    const bad = await fetch(`${app.url}/acme/export?range=7d&format=csv&sort=arguments`, {
      headers: { cookie },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    expect(((await bad.json()) as { detail: string }).detail).toMatch(/sort must be one of/);
  });

  it("records unknown-email sign-ins for the owner, answering them like known ones", async () => {
    /** One failed sign-in from a given address, timed, with the error the sign-in page shows. */
    async function fail(email: string, address: string) {
      const csrf = await fetch(`${app.url}/api/auth/csrf`);
      const jar = csrf.headers
        .getSetCookie()
        .map((c) => c.split(";")[0])
        .join("; ");
      const { csrfToken } = (await csrf.json()) as { csrfToken: string };
      const t0 = performance.now();
      const res = await fetch(`${app.url}/api/auth/callback/credentials`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          cookie: jar,
          origin: app.url,
          "x-forwarded-for": address,
        },
        body: new URLSearchParams({ csrfToken, email, password: "wrong password", json: "true" }),
      });
      const body = await res.text();
      const ms = performance.now() - t0;
      const location = res.headers.get("location") ?? body;
      return {
        ms,
        error: new URL(
          location.match(/https?:\/\/[^"]+/)?.[0] ?? location,
          app.url,
        ).searchParams.get("error"),
      };
    }
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      const k = await fail("owner@acme.test", `198.51.100.${i}`);
      const u = await fail(`  Nobody-${i}@ACME.test `, `203.0.113.${i}`);
      expect(u.error).toBe(k.error);
      // The redirect carries next-auth's code; the page shows its fixed message for it.
      expect(k.error).toBe("CredentialsSignin");
      known.push(k.ms);
      unknown.push(u.ms);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    expect(Math.min(...known, ...unknown)).toBeGreaterThanOrEqual(450);
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(100);

    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
    await open(page, `${app.url}/acme/security`);
    const log = (await page.textContent("[data-testid=security-log]")) ?? "";
    for (let i = 0; i < 4; i++) {
      expect(log).toContain(`nobody-${i}@acme.test`);
      expect(log).toContain(`203.0.113.${i}`);
    }
    // A member's failures are in the tenant's own stream, not in the instance log.
    expect(log).not.toContain("owner@acme.test");
    await screenshot(page, "17-security-log");
    // An analyst owns nothing: the page is not theirs.
    const analyst = await signInHttp(app.url, "analyst@acme.test");
    expect((await fetch(`${app.url}/acme/security`, { headers: { cookie: analyst } })).status).toBe(
      403,
    );
  });
});
