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

/** A session id that would widen a search to every event if it reached the query unquoted. */
const HOSTILE_SESSION = 's" OR actor:* OR "';
const MIN = 60_000;

type Spec = {
  id: string;
  actor: string;
  server: string;
  tool: string;
  session?: string;
  ago: number;
  name?: string;
  email?: string;
  ip?: string;
  args?: Record<string, unknown>;
};

/**
 * inv-alice: a session on `files` under an older name, then a session with a hostile id on
 * `git hub` under a newer name and an email; the same arguments in both. inv-bob: another session.
 */
const SPECS: Spec[] = [
  {
    id: "inv-a1",
    actor: "inv-alice",
    server: "files",
    tool: "read_file",
    session: "sess-A",
    ago: 200,
    name: "Alice Old",
    args: { path: "/etc/hosts" },
  },
  {
    id: "inv-a2",
    actor: "inv-alice",
    server: "files",
    tool: "write_file",
    session: "sess-A",
    ago: 199,
    name: "Alice Old",
  },
  {
    id: "inv-a3",
    actor: "inv-alice",
    server: "files",
    tool: "list_dir",
    session: "sess-A",
    ago: 198,
    name: "Alice Old",
  },
  {
    id: "inv-a4",
    actor: "inv-alice",
    server: "files",
    tool: "read_file",
    session: "sess-A",
    ago: 197,
  },
  {
    id: "inv-g1",
    actor: "inv-alice",
    server: "git hub",
    tool: "search",
    session: HOSTILE_SESSION,
    ago: 60,
    name: 'Alice "New"',
    email: "alice@acme.test",
    ip: "10.9.8.7",
    args: { path: "/etc/hosts" },
  },
  {
    id: "inv-g2",
    actor: "inv-alice",
    server: "git hub",
    tool: "read_file",
    session: HOSTILE_SESSION,
    ago: 59,
    name: 'Alice "New"',
    email: "alice@acme.test",
    ip: "10.9.8.7",
  },
  {
    id: "inv-g3",
    actor: "inv-alice",
    server: "git hub",
    tool: "create_pr",
    session: HOSTILE_SESSION,
    ago: 58,
    name: 'Alice "New"',
    email: "alice@acme.test",
  },
  {
    id: "inv-b1",
    actor: "inv-bob",
    server: "files",
    tool: "read_file",
    session: "sess-B",
    ago: 100,
    ip: "10.9.8.7",
  },
  {
    id: "inv-b2",
    actor: "inv-bob",
    server: "files",
    tool: "read_file",
    session: "sess-B",
    ago: 99,
  },
  {
    id: "inv-b3",
    actor: "inv-bob",
    server: "files",
    tool: "delete_file",
    session: "sess-B",
    ago: 98,
  },
];
const ids = (f: (s: Spec) => boolean) =>
  SPECS.filter(f)
    .map((s) => s.id)
    .sort();

/** The ids of the explorer's rows, from their links to the event page. */
async function rowIds(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator("table.data tbody tr td[data-column=time] a")
    .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname));
  return hrefs.map((h) => decodeURIComponent(h.split("/").pop() ?? "")).sort();
}

/**
 * An investigation in a real browser against the real server: a query with a negation, pivots
 * from an event (session, arguments, an argument's value, across the explorer's range), and the
 * actor page (name and email from the events, timeline across servers).
 */
describeBrowser("an investigation in the browser", () => {
  let app: App;
  let chrome: Chromium;
  let page: Page;

  beforeAll(async () => {
    app = await startApp();
    await app.cli("tenants", "create", "acme", "--name", "Acme");
    await app.user("acme", "analyst@acme.test", "security_analyst");
    await app.user("acme", "admin@acme.test", "admin");
    const key = await app.key("acme");
    const now = Date.now();
    const events = SPECS.map((s) => ({
      id: s.id,
      time: new Date(now - s.ago * MIN).toISOString(),
      server: { name: s.server },
      method: "tools/call",
      tool: s.tool,
      actor: {
        id: s.actor,
        ...(s.name ? { name: s.name } : {}),
        ...(s.email ? { email: s.email } : {}),
        ...(s.ip ? { ip: s.ip } : {}),
      },
      ...(s.session ? { session_id: s.session } : {}),
      ...(s.args ? { arguments: s.args } : {}),
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

  it("searches with a negation, clicks a facet, saves a view, opens it from its link, pivots by session", async () => {
    await open(page, `${app.url}/acme/events?range=24h`);
    await page.fill("input[name=q]", "actor:inv-alice -tool:read_file");
    await page.press("input[name=q]", "Enter");
    await page.waitForURL(/q=actor/);
    await settled(page);
    expect(await rowIds(page)).toEqual(
      ids((s) => s.actor === "inv-alice" && s.tool !== "read_file"),
    );
    // A facet click adds its term to the search: the same rows, on one server.
    await page.click("[data-testid=facet-server] a[aria-label='Only server git hub']");
    await page.waitForURL(/hub/);
    await settled(page);
    expect(new URL(page.url()).searchParams.get("q")).toBe(
      'actor:inv-alice -tool:read_file server:"git hub"',
    );
    const narrowed = ids(
      (s) => s.actor === "inv-alice" && s.tool !== "read_file" && s.server === "git hub",
    );
    expect(await rowIds(page)).toEqual(narrowed);

    // Save the view, leave, and open it again from its link: the same search and rows.
    await page.locator("[data-testid=views-menu] > summary").click();
    await page.fill("[data-testid=view-name]", "alice off the files server");
    await page.getByRole("button", { name: "Save current view" }).click();
    await page.waitForURL(/[?&]view=v_/);
    await settled(page);
    const link = await page.getAttribute("[data-testid=view-link]", "href");
    expect(link).toMatch(/^\/acme\/views\//);
    await open(page, `${app.url}/acme/events`);
    expect(await rowIds(page)).toHaveLength(SPECS.length);
    await open(page, `${app.url}${link}`);
    expect(await page.textContent("[data-testid=open-view-name]")).toBe(
      "alice off the files server",
    );
    expect(new URL(page.url()).searchParams.get("q")).toBe(
      'actor:inv-alice -tool:read_file server:"git hub"',
    );
    expect(await rowIds(page)).toEqual(narrowed);

    // Pivot by session from one of the view's rows: every event of that session, and only those.
    await page.click("table.data tbody tr td[data-column=time] a[href*='/events/inv-g1']");
    await page.waitForURL(/\/events\/inv-g1\?/);
    await settled(page);
    await page.click("[data-pivot=session] a");
    await page.waitForURL(/\/acme\/events\?/);
    await settled(page);
    expect(new URL(page.url()).searchParams.get("range")).toBe("24h");
    expect(await rowIds(page)).toEqual(ids((s) => s.session === HOSTILE_SESSION));
  });

  it("pivots from an event to its session, over the range the explorer showed", async () => {
    await open(page, `${app.url}/acme/events?range=24h&q=actor%3Ainv-alice`);
    await page.click("table.data tbody tr td[data-column=time] a[href*='/events/inv-a1']");
    await page.waitForURL(/\/events\/inv-a1\?/);
    await settled(page);
    expect(new URL(page.url()).searchParams.get("range")).toBe("24h");
    await expect(page.locator("[data-testid=pivots]").textContent()).resolves.toContain(
      "Across the range you were exploring.",
    );
    await screenshot(page, "40-event-pivots");
    await page.click("[data-pivot=session] a");
    await page.waitForURL(/\/acme\/events\?/);
    await settled(page);
    const url = new URL(page.url());
    expect(url.searchParams.get("q")).toBe("session:sess-A");
    expect(url.searchParams.get("range")).toBe("24h");
    expect(await rowIds(page)).toEqual(ids((s) => s.session === "sess-A"));
  });

  it("pivots by a hostile session id to that session only", async () => {
    await open(page, `${app.url}/acme/events/inv-g2`);
    // Opened without the explorer: the pivots search the last 30 days, which include the event.
    const href = await page.getAttribute("[data-pivot=session] a", "href");
    expect(new URLSearchParams(href?.split("?")[1]).get("range")).toBe("30d");
    await page.click("[data-pivot=session] a");
    await page.waitForURL(/\/acme\/events\?/);
    await settled(page);
    expect(await rowIds(page)).toEqual(ids((s) => s.session === HOSTILE_SESSION));
    expect(await page.inputValue("input[name=q]")).toBe('session:"s\\" OR actor:* OR \\""');
  });

  it("pivots by the same arguments, an argument's value and the IP address", async () => {
    const pivot = async (from: string, name: string) => {
      await open(page, `${app.url}/acme/events/${from}?range=24h`);
      await page.click(`[data-pivot="${name}"] a`);
      await page.waitForURL(/\/acme\/events\?/);
      await settled(page);
      return rowIds(page);
    };
    const hosts = ids((s) => s.args?.path === "/etc/hosts");
    expect(hosts).toHaveLength(2);
    expect(await pivot("inv-g1", "args_hmac")).toEqual(hosts);
    expect(await pivot("inv-g1", "args.path")).toEqual(hosts);
    expect(await pivot("inv-g1", "ip")).toEqual(ids((s) => s.ip === "10.9.8.7"));
    expect(await pivot("inv-g1", "actor")).toEqual(ids((s) => s.actor === "inv-alice"));
    // inv-a2 has no IP address and no arguments: no pivot to either.
    await open(page, `${app.url}/acme/events/inv-a2?range=24h`);
    expect(
      await page
        .locator("[data-pivot]")
        .evaluateAll((l) => l.map((e) => e.getAttribute("data-pivot"))),
    ).toEqual(["actor", "session"]);
  });

  it("offers no pivot by an argument's value to a role that may not read payloads", async () => {
    const admin = await chrome.freshPage();
    await signInBrowser(admin, app.url, "admin@acme.test", PASSWORD);
    await open(admin, `${app.url}/acme/events/inv-g1?range=24h`);
    const pivots = await admin
      .locator("[data-pivot]")
      .evaluateAll((l) => l.map((e) => e.getAttribute("data-pivot")));
    expect(pivots).toEqual(["actor", "session", "ip", "args_hmac"]);
    expect(await admin.locator("[data-testid=pivots]").textContent()).not.toContain("/etc/hosts");
    // Back to the analyst (a fresh page clears the browser's cookies) for the later steps.
    page = await chrome.freshPage();
    await signInBrowser(page, app.url, "analyst@acme.test", PASSWORD);
  });

  it("shows the actor's name and email from its events and its timeline across servers", async () => {
    await open(page, `${app.url}/acme/actors/inv-alice?range=24h`);
    const identity = (await page.locator("[data-testid=actor-identity]").textContent()) ?? "";
    expect(identity).toContain('Name: Alice "New"');
    expect(identity).toContain("names differ across events: also Alice Old");
    expect(identity).toContain("Email: alice@acme.test");
    const rows = await page
      .locator("[data-testid=actor-servers-table] tbody tr[data-server]")
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute("data-server"),
          tr.querySelector("td.num")?.textContent ?? "",
        ]),
      );
    expect(rows.sort()).toEqual([
      ["files", "4"],
      ["git hub", "3"],
    ]);
    await screenshot(page, "41-actor-timeline-across-servers");
    // Each legend item opens the actor's events on that server over the range.
    const legend = await page
      .locator("[data-testid=actor-servers] [aria-label=Legend] a")
      .evaluateAll((as) =>
        as.map((a) => {
          const q = new URL((a as HTMLAnchorElement).href).searchParams;
          return [q.get("actor"), q.get("server"), q.get("range")];
        }),
      );
    expect(legend.sort()).toEqual([
      ["inv-alice", "files", "24h"],
      ["inv-alice", "git hub", "24h"],
    ]);
    await page.click("[data-testid=actor-servers-table] tr[data-server='git hub'] a");
    await page.waitForURL(/\/acme\/events\?/);
    await settled(page);
    expect(await rowIds(page)).toEqual(
      ids((s) => s.actor === "inv-alice" && s.server === "git hub"),
    );
  });
});
