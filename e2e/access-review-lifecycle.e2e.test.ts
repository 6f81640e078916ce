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

vi.setConfig({ testTimeout: 300_000, hookTimeout: 600_000 });

const DAY = 86_400_000;

/** Clicks a form's button in a labelled section and returns what the form says in place. */
async function submit(page: Page, section: string, fields: Record<string, string>, button: string) {
  const form = page.locator(`section[aria-label="${section}"]`).first();
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name=${name}]`);
    if ((await input.evaluate((e) => e.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  // The first answer in the section: the form's own (nested sections come later in the page).
  const said = form.locator("[role=status], [role=alert]");
  const before = (await said.count()) > 0 ? await said.first().textContent() : null;
  await form.getByRole("button", { name: button }).click();
  await expect
    .poll(async () => ((await said.count()) > 0 ? await said.first().textContent() : null), {
      timeout: 60_000,
    })
    .not.toBe(before);
  return (await said.first().textContent()) ?? "";
}

/**
 * A campaign's whole life in the browser, by the compliance officer: created with the form (a
 * wrong reviewer refused in words, what was typed kept), started, decided (a self-review
 * refused), completion refused while a revocation is pending (named), an exception recorded,
 * completed, then the CSV and JSON downloads and the print page checked.
 */
describeBrowser("access review lifecycle", () => {
  let app: App;
  let chrome: Chromium;

  beforeAll(async () => {
    app = await startApp();
    await app.cli("tenants", "create", "acme", "--name", "Acme");
    for (const [email, role] of [
      // The owner reviews the officer's own membership (never the officer themself).
      ["owner@acme.test", "owner"],
      ["officer@acme.test", "compliance_officer"],
      ["rev@acme.test", "admin"],
      ["alice@acme.test", "security_analyst"],
    ] as const)
      await app.user("acme", email, role);
    const key = await app.key("acme");
    const at = (d: number) => new Date(Date.now() - d * DAY).toISOString();
    const call = (n: number, actor: Record<string, string>, server: string, tool: string) => ({
      id: `lc-${n}`,
      time: at(n + 1),
      server: { name: server },
      method: "tools/call",
      tool,
      actor,
      outcome: "ok",
    });
    const sent = await app.send(key, [
      call(1, { id: "alice@acme.test" }, "files", "read_file"),
      call(2, { id: "bot-1", type: "agent" }, "files", "write_file"),
      call(3, { id: "bot-1", type: "agent" }, "files", "write_file"),
    ]);
    expect(sent.status).toBe(202);
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  it("creates, starts, decides, completes and exports from the dashboard", async () => {
    const creator = await chrome.freshPage();
    creator.on("dialog", (d) => void d.accept());
    await signInBrowser(creator, app.url, "officer@acme.test", PASSWORD);
    await open(creator, `${app.url}/acme/reviews`);

    // A reviewer who is not a member: refused in words, and the form keeps what was typed.
    const form = creator.locator('form[aria-label="New campaign"]');
    await form.locator("[name=name]").fill("Lifecycle review");
    await form.locator("[name=everything]").check();
    await form.locator("[name=fallback]").fill("nobody@acme.test");
    await form.locator("[name=principalReviewers]").fill("bot-1=rev@acme.test");
    await form.locator("[name=controls]").fill("SOC2 CC6.2");
    await form.getByRole("button", { name: "Create draft" }).click();
    await expect
      .poll(() => form.locator("[role=alert]").textContent(), { timeout: 60_000 })
      .toMatch(/reviewers\.fallback: nobody@acme\.test is not a member of acme/);
    expect(await form.locator("[name=name]").inputValue()).toBe("Lifecycle review");
    expect(await form.locator("[name=principalReviewers]").inputValue()).toBe(
      "bot-1=rev@acme.test",
    );
    await form.locator("[name=fallback]").fill("officer@acme.test");
    await form.getByRole("button", { name: "Create draft" }).click();
    await creator.waitForURL(/\/acme\/reviews\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    const page = creator.url();
    expect(await creator.locator(".page-head p").first().textContent()).toMatch(/^draft/);

    expect(await submit(creator, "Campaign", {}, "Start campaign")).toMatch(
      /Started: \d+ entries frozen/,
    );
    await open(creator, page);
    expect(await creator.locator(".page-head p").first().textContent()).toMatch(/^in progress/);
    const hash = (await creator.locator("[data-testid=snapshot-hash]").textContent()) ?? "";
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const id = page.split("/").pop() ?? "";
    const entries = JSON.parse(
      await app.cli("reviews", "entries", "--tenant", "acme", "--campaign", id, "--json"),
    ) as { id: string; principal: string; kind: string }[];
    const own = entries.find((e) => e.principal === "alice@acme.test" && e.kind === "tool");
    const bot = entries.find((e) => e.principal === "bot-1");
    if (!own || !bot) throw new Error("entries missing");

    // alice may not decide on her own access.
    const alice = await chrome.freshPage();
    await signInBrowser(alice, app.url, "alice@acme.test", PASSWORD);
    await open(alice, page);
    expect(
      await submit(alice, "Decide", { entry: own.id, decision: "keep" }, "Record decision"),
    ).toMatch(/is your own access: a reviewer never decides on it/);
    expect((await alice.request.get(`${page}/export?format=csv`)).status()).toBe(403);

    // rev revokes the agent with a note.
    const rev = await chrome.freshPage();
    await signInBrowser(rev, app.url, "rev@acme.test", PASSWORD);
    await open(rev, page);
    expect(
      await submit(
        rev,
        "Decide",
        { entry: bot.id, decision: "revoke", note: "agent retired" },
        "Record decision",
      ),
    ).toMatch(new RegExp(`${bot.id}: revoke`));
    await app.cli(
      "reviews",
      "decide",
      "--tenant",
      "acme",
      "--campaign",
      id,
      "--state",
      "undecided",
      "--decision",
      "keep",
      "--note",
      "ok",
    );

    // Complete is refused while the revocation waits for Guard, naming it (one browser context:
    // each fresh page signs in again).
    const officer = await chrome.freshPage();
    officer.on("dialog", (d) => void d.accept());
    await signInBrowser(officer, app.url, "officer@acme.test", PASSWORD);
    await open(officer, page);
    expect(await submit(officer, "Campaign", {}, "Complete campaign")).toMatch(
      /revocations are not yet enforced by Guard \(bot-1 on files\)/,
    );
    expect(
      await submit(officer, "Exception", { note: "no Guard serves files yet" }, "Record exception"),
    ).toMatch(/Exception recorded for bot-1 on files/);
    await open(officer, page);
    expect(await officer.locator("[data-testid=revocations]").textContent()).toContain(
      "exception: no Guard serves files yet",
    );
    await officer
      .locator('section[aria-label="Campaign"]')
      .getByRole("button", { name: "Complete campaign" })
      .click();
    await expect
      .poll(() => officer.locator('section[aria-label="Campaign"] > .row').textContent(), {
        timeout: 60_000,
      })
      .toContain("Completed and locked (read-only).");
    await open(officer, page);
    expect(await officer.locator(".page-head p").first().textContent()).toMatch(/^completed/);
    expect(await officer.locator('section[aria-label="Decide"]').count()).toBe(0);

    // The downloads.
    const csv = await officer.request.get(`${page}/export?format=csv`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-disposition"]).toBe(`attachment; filename="review-${id}.csv"`);
    const lines = (await csv.text()).trim().split("\n");
    expect(lines[0]).toMatch(/^entry,change,kind,principal,server,tool,/);
    const botLine = lines.find((l) => l.startsWith(`${bot.id},`)) ?? "";
    expect(botLine).toContain("agent retired");
    expect(botLine).toContain("no Guard serves files yet");
    const json = await officer.request.get(`${page}/export?format=json`);
    expect(json.headers()["content-type"]).toMatch(/^application\/json/);
    const body = (await json.json()) as {
      campaign: { status: string; definition: { controls: string[] } };
      snapshot: { hash: string; recomputedHash: string };
      decisions: { entryId: string; decision: string; note: string | null }[];
      exceptions: { principal: string; exceptionNote: string }[];
    };
    expect(body.campaign.status).toBe("completed");
    expect(body.campaign.definition.controls).toEqual(["SOC2 CC6.2"]);
    expect([body.snapshot.hash, body.snapshot.recomputedHash]).toEqual([hash, hash]);
    expect(body.decisions).toContainEqual(
      expect.objectContaining({ entryId: bot.id, decision: "revoke", note: "agent retired" }),
    );
    expect(body.exceptions.map((r) => [r.principal, r.exceptionNote])).toEqual([
      ["bot-1", "no Guard serves files yet"],
    ]);

    // The print page: hash, every decision with reviewer and note, the exception.
    await open(officer, `${page}/print`);
    expect(await officer.locator("[data-testid=print-hash]").textContent()).toBe(hash);
    const printed = (await officer.locator("[data-testid=print-entries]").textContent()) ?? "";
    expect(printed).toContain("revoke by rev@acme.test at");
    expect(printed).toContain(": agent retired");
    expect(await officer.locator("[data-testid=print-revocations]").textContent()).toContain(
      "exception",
    );
    expect(await officer.locator("[data-testid=review-evidence]").textContent()).toContain(
      "bot-1 on files: no Guard serves files yet",
    );
    await officer.emulateMedia({ media: "print" });
    expect(await officer.locator("nav[aria-label=Sections]").isVisible()).toBe(false);
    await screenshot(officer, "71-access-review-print");
  });
});
