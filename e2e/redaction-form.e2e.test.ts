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

vi.setConfig({ testTimeout: 240_000, hookTimeout: 600_000 });

/**
 * The redaction rules form in a real browser on the real server: an owner adds a pattern rule,
 * tests a sample against the unsaved rules (redacted on the server by lib/core/redact), saves,
 * then adds a broken rule and is told which rule is wrong, with everything typed kept; and the
 * form without JavaScript (the blank row adds a rule; an emptied pattern removes one).
 */
describeBrowser("redaction rules form in chromium", () => {
  let app: App;
  let chrome: Chromium;

  beforeAll(async () => {
    app = await startApp();
    await app.cli("tenants", "create", "acme", "--name", "Acme Corp");
    await app.user("acme", "owner@acme.test", "owner");
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  const saved = async () => {
    const out = await app.cli("events", "--tenant", "acme", "--tool", "redaction.changed");
    return out
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { arguments?: { after?: unknown } });
  };
  const field = (page: Page, n: number, what: "name" | "pattern") =>
    page.getByLabel(`Rule ${n} ${what === "name" ? "name" : "pattern, key or value"}`);

  it("adds a rule, tests a sample, saves, and keeps a bad rule's values with its message", async () => {
    const page = await chrome.freshPage();
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
    await open(page, `${app.url}/acme/settings`);
    const form = page.locator("section#redaction");
    await form.getByRole("button", { name: "Add rule" }).waitFor();
    // Row 1 is the blank row; Add rule makes row 2, which stays blank (blank rows are no rule).
    await form.getByRole("button", { name: "Add rule" }).click();
    await field(page, 1, "name").fill("employee_id");
    await field(page, 1, "pattern").fill("EMP-\\d{6}");
    await form.getByLabel(/Test a sample/).fill('{"note": "ask EMP-123456", "password": "x1"}');
    await form.getByRole("button", { name: "Test sample" }).click();
    const preview = form.getByTestId("redaction-preview");
    await expect.poll(() => preview.textContent()).toContain("[REDACTED:employee_id]");
    expect(await preview.textContent()).toContain('"password": "[REDACTED:secret_field]"');
    expect(await saved()).toEqual([]); // a test saves nothing

    await form.getByRole("button", { name: "Save rules" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/Saved 1 rule/);
    expect((await saved()).map((e) => e.arguments?.after)).toEqual([
      { custom: [{ id: "employee_id", pattern: "EMP-\\d{6}" }] },
    ]);

    await open(page, `${app.url}/acme/settings`);
    expect(await field(page, 1, "name").inputValue()).toBe("employee_id");
    await page.getByLabel("Rule 2 type").selectOption("key");
    await field(page, 2, "pattern").fill("x-badge");
    await page.getByRole("button", { name: "Add rule" }).click();
    await field(page, 3, "name").fill("broken");
    await field(page, 3, "pattern").fill("(EMP-\\d+");
    await form.getByLabel(/Test a sample/).fill("kept sample");
    await form.getByRole("button", { name: "Save rules" }).click();
    const alert = form.getByTestId("redaction-problems");
    await expect
      .poll(() => alert.textContent())
      .toMatch(/Not saved:.*rule 3: pattern is not a valid regular expression: missing closing \)/);
    await screenshot(page, "settings-redaction-refused");
    expect(await field(page, 1, "name").inputValue()).toBe("employee_id");
    expect(await page.getByLabel("Rule 2 type").inputValue()).toBe("key");
    expect(await field(page, 2, "pattern").inputValue()).toBe("x-badge");
    expect(await field(page, 3, "name").inputValue()).toBe("broken");
    expect(await field(page, 3, "pattern").inputValue()).toBe("(EMP-\\d+");
    expect(await field(page, 3, "pattern").getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByLabel(/Test a sample/).inputValue()).toBe("kept sample");
    expect(await saved()).toHaveLength(1); // nothing more was saved
  });

  it("shows the form without JavaScript: every field, the blank row to add, and how to remove", async () => {
    const page = await chrome.freshPage();
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
    await page.route(/\/_next\/static\/.*\.js(\?.*)?$/, (r) => r.abort());
    await page.goto(`${app.url}/acme/settings`);
    const form = page.locator("section#redaction form");
    expect(await form.getAttribute("method")).toMatch(/post/i);
    expect(await form.getByRole("button", { name: "Add rule" }).count()).toBe(0);
    expect(await form.textContent()).toContain("Fill the blank last row to add a rule");
    expect(await field(page, 1, "name").inputValue()).toBe("employee_id");
    expect(await field(page, 2, "pattern").inputValue()).toBe("");
    for (const name of ["Test sample", "Save rules"])
      expect(await form.getByRole("button", { name }).getAttribute("type")).toBe("submit");
  });

  it("tests and saves without JavaScript, keeping a refused rule's values", async () => {
    // With Referrer-Policy: no-referrer Chromium posted forms with `Origin: null`, which Next.js
    // refuses for every server action (a 500): no dashboard form worked without JavaScript.
    const head = await fetch(`${app.url}/sign-in`);
    expect(head.headers.get("referrer-policy")).toBe("same-origin");
    const page = await chrome.freshPage();
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
    await page.route(/\/_next\/static\/.*\.js(\?.*)?$/, (r) => r.abort());
    await page.goto(`${app.url}/acme/settings`);
    const form = page.locator("section#redaction");
    await field(page, 2, "name").fill("ticket");
    await field(page, 2, "pattern").fill("TCK-[0-9]+");
    await form.getByLabel(/Test a sample/).fill("see TCK-42 and EMP-000001");
    await form.getByRole("button", { name: "Test sample" }).click();
    await expect
      .poll(() => page.getByTestId("redaction-preview").textContent())
      .toBe("see [REDACTED:ticket] and [REDACTED:employee_id]");
    await field(page, 2, "pattern").fill("TCK-[0-9]+(?=x)");
    await form.getByRole("button", { name: "Save rules" }).click();
    await expect
      .poll(() => page.getByTestId("redaction-problems").textContent())
      .toMatch(/rule 2: pattern: lookahead/);
    expect(await field(page, 2, "name").inputValue()).toBe("ticket");
    expect(await field(page, 2, "pattern").inputValue()).toBe("TCK-[0-9]+(?=x)");
    expect(await saved()).toHaveLength(1);
  });
});
