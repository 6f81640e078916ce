import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { type App, PASSWORD, startApp } from "./fixtures/app";
import {
  type Chromium,
  describeBrowser,
  launchChromium,
  screenshot,
  signInBrowser,
} from "./fixtures/browser";

// A real server and browser on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

/** callbackUrls that try to leave the site: browsers strip tabs and newlines, read \ as /. */
const HOSTILE = [
  "/\t/evil.test",
  "/\t\t/evil.test/path",
  "//evil.test",
  "/\\evil.test",
  "\\\\evil.test",
  "/\\/evil.test",
  "\t//evil.test",
  " //evil.test",
  "/ /evil.test",
  "/.//evil.test",
  "/%2F/evil.test",
  "https://evil.test/",
  "http:evil.test",
  "HTTP://evil.test",
  "javascript:alert(document.domain)",
  "http://127.0.0.1.evil.test/",
  "//evil.test@127.0.0.1/",
];
/** callbackUrls that used to answer 500 (CR, LF, NUL and non-ASCII in the Location header). */
const BROKEN = [
  "/\r\nSet-Cookie: x=1",
  "/\n/evil.test",
  "/\r/evil.test",
  "/é",
  "/\u2028//evil.test",
  "/\0",
];

/** The sign-in page: where it sends people back to, and what it lets a link make it say. */
describeBrowser("sign-in page", () => {
  let app: App;
  let chrome: Chromium;

  beforeAll(async () => {
    app = await startApp({ LOGIN_MAX_FAILURES: "2" });
    await app.cli("tenants", "create", "acme", "--name", "Acme Corp");
    await app.user("acme", "owner@acme.test", "owner");
    await app.user("acme", "locked@acme.test", "viewer");
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  /** A tab where any request to evil.test is answered locally, so leaving the site is visible. */
  async function guardedPage(): Promise<Page> {
    const page = await chrome.freshPage();
    // By host: our own sign-in URLs carry "evil.test" in their query and must reach the server.
    await page.route(
      (url) => url.hostname === "evil.test" || url.hostname.endsWith(".evil.test"),
      (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<h1>evil</h1>" }),
    );
    return page;
  }

  const signInPath = (callbackUrl: string) =>
    `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`;

  it("sends a signed-in visitor only to our own pages, and never answers 500", async () => {
    const page = await guardedPage();
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
    const wrong: string[] = [];
    for (const cb of [...HOSTILE, ...BROKEN]) {
      const res = await page.goto(`${app.url}${signInPath(cb)}`).catch(() => null);
      const origin = new URL(page.url()).origin;
      if (origin !== app.url || !res || res.status() >= 500)
        wrong.push(`${JSON.stringify(cb)} -> ${page.url()} ${res?.status() ?? "failed"}`);
    }
    expect(wrong).toEqual([]);
  });

  it("sends someone who signs in through the form only to our own pages", {
    timeout: 600_000,
  }, async () => {
    const wrong: string[] = [];
    for (const cb of [...HOSTILE, ...BROKEN]) {
      const page = await guardedPage();
      const res = await page.goto(`${app.url}${signInPath(cb)}`);
      if (!res || res.status() >= 500) {
        wrong.push(`${JSON.stringify(cb)}: sign-in page answered ${res?.status()}`);
        continue;
      }
      try {
        await page.fill("input[name=email]", "owner@acme.test", { timeout: 10_000 });
        await page.fill("input[name=password]", PASSWORD);
        await page.click("button[type=submit]");
        // Where the browser goes is known once the navigation commits; the page need not load.
        await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), {
          timeout: 20_000,
          waitUntil: "commit",
        });
      } catch (err) {
        const why = (err as Error).message.split("\n")[0];
        wrong.push(`${JSON.stringify(cb)}: ${why} at ${page.url()}`);
        continue;
      }
      if (new URL(page.url()).origin !== app.url)
        wrong.push(`${JSON.stringify(cb)} -> ${page.url()}`);
    }
    expect(wrong).toEqual([]);
  });

  async function shownError(query: string): Promise<string> {
    const page = await chrome.freshPage();
    const res = await page.goto(`${app.url}/sign-in?${query}`);
    expect(res?.status()).toBe(200);
    return (await page.textContent("[data-testid=sign-in-error]")) ?? "";
  }

  it("shows only its own messages for error codes, never text from the link", async () => {
    const spoof = "Your account is suspended. Call +1 555 0100 and read out your password";
    expect(await shownError(`error=${encodeURIComponent(spoof)}`)).toBe(
      "Sign-in failed. Try again.",
    );
    expect(await shownError("error=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")).toBe(
      "Sign-in failed. Try again.",
    );
    expect(await shownError("error=CredentialsSignin")).toBe("Wrong email or password.");
    expect(await shownError("error=SsoNoGroups")).toMatch(/none of the groups/);
    const at = Date.UTC(2030, 0, 1, 14, 5);
    expect(await shownError(`error=Locked:${Date.now() + 10 * 60_000}`)).toMatch(
      /^Too many failed sign-ins\. Try again at \d\d:\d\d UTC\.$/,
    );
    // A lock time far from now is not a lock this server set: no time is shown.
    expect(await shownError(`error=Locked:${at}`)).toBe(
      "Too many failed sign-ins. Try again later.",
    );
    expect(await shownError("error=Locked:soon%20-%20call%20us")).toBe(
      "Too many failed sign-ins. Try again later.",
    );
    const page = await chrome.freshPage();
    await page.goto(`${app.url}/sign-in?error=${encodeURIComponent(spoof)}`);
    expect(await page.textContent("main")).not.toContain("suspended");
    await screenshot(page, "24-sign-in-spoofed-error");
  });

  it("says when a locked account may try again", async () => {
    const page = await chrome.freshPage();
    await page.goto(`${app.url}/sign-in`);
    for (let i = 0; i < 3; i++) {
      await page.fill("input[name=email]", "locked@acme.test");
      await page.fill("input[name=password]", "not the password at all");
      await page.click("button[type=submit]");
      await page.waitForSelector("[data-testid=sign-in-error]");
      await page.waitForSelector("button[type=submit]:not([disabled])");
    }
    expect(await page.textContent("[data-testid=sign-in-error]")).toMatch(
      /^Too many failed sign-ins\. Try again at \d\d:\d\d UTC\.$/,
    );
  });
});
