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

const DAY = 86_400_000;
const cell = (page: Page, column: string) =>
  page.locator(`table.data tbody td[data-column=${column}]`).allTextContents();

/** Submits a form of the campaign page and returns what it says in place. */
async function submit(page: Page, section: string, fields: Record<string, string>, button: string) {
  const form = page.locator(`section[aria-label="${section}"]`);
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name=${name}]`);
    if ((await input.evaluate((e) => e.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
  const said = form.locator("[role=status], [role=alert]");
  const before = (await said.count()) > 0 ? await said.first().textContent() : null;
  await form.getByRole("button", { name: button }).click();
  // The answer replaces the previous one in place: wait for it to change.
  await expect
    .poll(async () => ((await said.count()) > 0 ? await said.first().textContent() : null))
    .not.toBe(before);
  return (await said.first().textContent()) ?? "";
}

/**
 * An access review in the real browser against the real server: created and started with the
 * CLI, decided on the campaign page (a self-review refused in words, a revoke without a note
 * refused, a revoke with its note, a bulk keep), completed, and then read-only.
 */
describeBrowser("access reviews", () => {
  let app: App;
  let chrome: Chromium;
  let id = "";

  beforeAll(async () => {
    app = await startApp();
    await app.cli("tenants", "create", "acme", "--name", "Acme");
    for (const [email, role] of [
      ["owner@acme.test", "owner"],
      ["officer@acme.test", "compliance_officer"],
      ["rev@acme.test", "admin"],
      ["alice@acme.test", "security_analyst"],
    ] as const)
      await app.user("acme", email, role);
    const key = await app.key("acme");
    const at = (d: number) => new Date(Date.now() - d * DAY).toISOString();
    const call = (n: number, actor: Record<string, string>, server: string, tool: string) => ({
      id: `ar-${n}`,
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
      call(3, { id: "carol" }, "db", "query"),
    ]);
    expect(sent.status).toBe(202);
    const due = new Date(Date.now() + 10 * DAY).toISOString().slice(0, 10);
    const created = JSON.parse(
      await app.cli(
        "reviews",
        "create",
        "--tenant",
        "acme",
        "--name",
        "E2E review",
        "--due",
        due,
        "--everything",
        "--fallback",
        "officer@acme.test",
        "--owner",
        "files=alice@acme.test",
        "--reviewer",
        "bot-1=rev@acme.test",
        "--json",
      ),
    ) as { id: string };
    id = created.id;
    await app.cli("reviews", "start", "--tenant", "acme", "--campaign", id);
    chrome = await launchChromium();
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
  });

  it("decides on the campaign page, refuses a self-review, and locks when completed", async () => {
    const entries = JSON.parse(
      await app.cli("reviews", "entries", "--tenant", "acme", "--campaign", id, "--json"),
    ) as { id: string; principal: string; kind: string }[];
    const own = entries.find((e) => e.principal === "alice@acme.test" && e.kind === "tool");
    const bot = entries.find((e) => e.principal === "bot-1");
    if (!own || !bot) throw new Error("entries missing");
    const page = `${app.url}/acme/reviews/${id}`;

    // alice owns the files server, but her own access was routed away: refused in words.
    const alice = await chrome.freshPage();
    await signInBrowser(alice, app.url, "alice@acme.test", PASSWORD);
    await open(alice, page);
    expect(await cell(alice, "principal")).not.toContain("alice@acme.test");
    expect(
      await submit(alice, "Decide", { entry: own.id, decision: "keep" }, "Record decision"),
    ).toMatch(/is your own access: a reviewer never decides on it/);

    // rev reviews the agent: a revoke needs a note, then it is recorded with it.
    const rev = await chrome.freshPage();
    await signInBrowser(rev, app.url, "rev@acme.test", PASSWORD);
    await open(rev, page);
    expect(await cell(rev, "principal")).toEqual(["bot-1"]);
    expect(await rev.locator("nav[aria-label=Sections] a").allTextContents()).toContain(
      "Access reviews",
    );
    expect(
      await submit(rev, "Decide", { entry: bot.id, decision: "revoke" }, "Record decision"),
    ).toMatch(/a revoke needs a note/);
    expect(
      await submit(
        rev,
        "Decide",
        { entry: bot.id, decision: "revoke", note: "agent retired" },
        "Record decision",
      ),
    ).toMatch(new RegExp(`${bot.id}: revoke`));
    await open(rev, page);
    expect((await cell(rev, "decision")).join()).toContain(
      "revoke by rev@acme.test: agent retired",
    );
    await screenshot(rev, "70-access-review-decided");

    // The officer keeps everything routed to them that is still undecided, with one note.
    const officer = await chrome.freshPage();
    await signInBrowser(officer, app.url, "officer@acme.test", PASSWORD);
    await open(officer, page);
    expect(await submit(officer, "Bulk keep", { note: "quarterly check" }, "Keep all")).toMatch(
      /Kept \d+ entries/,
    );

    // The rest by the operator, the revocation excepted (no Guard here), then completed.
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
    const exported = JSON.parse(
      await app.cli("reviews", "export", "--tenant", "acme", "--campaign", id),
    ) as { revocations: { id: string }[] };
    const revocation = exported.revocations[0]?.id ?? "";
    await app.cli(
      "reviews",
      "exception",
      "--tenant",
      "acme",
      "--revocation",
      revocation,
      "--note",
      "no Guard in this test",
    );
    await app.cli("reviews", "complete", "--tenant", "acme", "--campaign", id);
    await open(officer, page);
    expect(await officer.locator("h1").first().textContent()).toBe("E2E review");
    expect(await officer.locator(".page-head p").first().textContent()).toMatch(/^completed/);
    expect(await officer.locator('section[aria-label="Decide"]').count()).toBe(0);
    await open(officer, `${app.url}/acme/reviews`);
    expect(await officer.locator("[data-testid=campaigns]").textContent()).toContain(
      "Completed (locked)",
    );
  });
});
