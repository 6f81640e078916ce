import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAX_CHART_BUCKETS } from "../lib/queries/time-range";
import { OVERVIEW_DAYS } from "../lib/services/flags/flags-overview";
import { type App, signInHttp, startApp } from "./fixtures/app";

vi.setConfig({ testTimeout: 180_000, hookTimeout: 600_000 });

/** A forged explorer cursor whose time is Date's smallest: valid in JavaScript, not in SQL. */
const YEAR_MINUS_271821 = Buffer.from(
  JSON.stringify([2, "time", "desc", null, "-271821-04-20T00:00:00.000Z", "evt-1"]),
).toString("base64url");

const BULK_EVENTS = 6000;

/**
 * What an external probe typed into the dashboard, against the real one-process server: every
 * URL a member can type answers in bounded size (the assertions are on bytes and chart buckets,
 * never on time), a parameter the dashboard cannot use is a 400 with a message saying what is
 * accepted, and an export cut off mid-way is audited as failed, not completed.
 */
describe("hostile dashboard URLs", () => {
  let app: App;
  let cookie = "";
  const get = async (path: string, headers: Record<string, string> = { cookie }) => {
    const r = await fetch(`${app.url}${path}`, { headers, redirect: "manual" });
    return { status: r.status, type: r.headers.get("content-type") ?? "", text: await r.text() };
  };
  const audit = async (tool: string) =>
    (await app.cli("events", "--tenant", "acme", "--tool", tool, "--from", "1h"))
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { outcome: string; arguments?: Record<string, unknown> });

  beforeAll(async () => {
    app = await startApp();
    await app.cli(
      ...["demo", "--url", app.url, "--days", "1", "--events-per-day", "300", "--tenants", "acme"],
    );
    await app.cli("tenants", "create", "globex", "--name", "Globex");
    await app.user("acme", "owner@acme.test", "owner");
    cookie = await signInHttp(app.url, "owner@acme.test");
    // An export large enough (about 20 MB) that no socket buffer holds it whole.
    const key = await app.key("acme");
    const filler = "x".repeat(3000);
    for (let b = 0; b < BULK_EVENTS / 500; b++) {
      const events = Array.from({ length: 500 }, (_, i) => ({
        id: `bulk-${b}-${i}`,
        time: new Date(Date.now() - (b * 500 + i) * 1000).toISOString(),
        server: { name: "bulk" },
        tool: "read_file",
        actor: { id: "bulk-loader" },
        outcome: "ok",
        arguments: { filler },
      }));
      expect((await app.send(key, events)).status).toBe(202);
    }
  });
  afterAll(async () => app?.stop());

  /** Distinct chart bucket starts in a page's payload (each point is `{"t":<epoch ms>,…}`). */
  function chartBuckets(html: string): number {
    return new Set([...html.matchAll(/\\?"t\\?":(\d{11,14})/g)].map((m) => m[1])).size;
  }

  it("answers a ten-thousand-year range with one bounded page, narrowed to the data", async () => {
    const range = "range=custom&from=1970-01-01T00:00:00Z&to=9999-12-31T00:00:00Z";
    const week = await get("/acme?range=7d");
    expect(week.status).toBe(200);
    // The actor this test sent itself: which demo actors a one-day demo has depends on the hour.
    for (const path of [`/acme?${range}`, `/acme/actors/bulk-loader?${range}`]) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      // Before: 150 MB and 121,700 monthly buckets for the overview.
      expect(page.text.length, path).toBeLessThan(Math.max(1_000_000, 3 * week.text.length));
      const buckets = chartBuckets(page.text);
      expect(buckets, path).toBeGreaterThan(0);
      // The overview also charts open flags over its last OVERVIEW_DAYS days, whatever the range.
      const flagDays = path.startsWith("/acme?") ? OVERVIEW_DAYS : 0;
      expect(buckets, path).toBeLessThanOrEqual(MAX_CHART_BUCKETS + 1 + flagDays);
    }
    // Narrowed to the day of the earliest stored event (the demo's and bulk events: this week).
    const overview = await get(`/acme?${range}`);
    const note = /data-testid="clamped-range">\s*\(narrowed to (\S+) – (\S+):/.exec(overview.text);
    expect(note?.[1]?.endsWith("T00:00:00.000Z")).toBe(true);
    expect(Date.now() - Date.parse(note?.[1] ?? "")).toBeLessThan(8 * 86_400_000);
    const events = await get(`/acme/events?${range}&size=25`);
    expect(events.status).toBe(200);
    expect(events.text.length).toBeLessThan(1_000_000);
  });

  it("answers 400 with what is accepted for dates and cursors out of range", async () => {
    const cases: [string, string][] = [
      [
        "/acme?range=custom&from=0000-01-01T00:00:00Z&to=9999-12-31T00:00:00Z",
        "from must be a date or date and time from 1970-01-01 to 9999-12-31",
      ],
      ["/acme/events?range=custom&from=yesterday&to=today", "from must be a date"],
      [
        "/acme/tools/read_file?range=custom&from=2026-01-01&to=2025-01-01",
        "from must be before to",
      ],
      ["/acme/events?range=custom&from=2200-01-01&to=2300-01-01", "no event can be in this range"],
      [`/acme/events?range=7d&cursor=${YEAR_MINUS_271821}`, "cursor: invalid cursor"],
      ["/acme/events?cursor=%25%25%25", "cursor: invalid cursor"],
      ["/acme/events?size=100000", "size must be one of 25, 50, 100, 200"],
      ["/acme/events?sort=arguments", "sort must be one of time"],
      ["/acme?range=5y", "range must be one of 1h, 24h, 7d, 30d or custom"],
      ["/acme/sources?range=10y", "range must be one of 24h, 7d, 30d"],
    ];
    for (const [path, message] of cases) {
      const page = await get(path);
      expect([path, page.status]).toEqual([path, 400]);
      expect(page.type).toContain("text/html");
      expect(page.text, path).toContain('data-testid="bad-request"');
      expect(page.text, path).toContain(message);
    }
  });

  it("answers 400 for NUL in every filter, the cursor, and actor and tool ids", async () => {
    const nul = "%00";
    const paths = [
      ...["tool", "actor", "q", "server", "client", "outcome", "range", "tz"].flatMap((p) => [
        `/acme?${p}=a${nul}b`,
        `/acme/events?${p}=a${nul}b`,
      ]),
      `/acme/events?sort=time${nul}`,
      `/acme/events?dir=asc${nul}`,
      `/acme/events?size=25${nul}`,
      `/acme/events?cursor=${nul}`,
      `/acme/events?from=2026-01-01${nul}&to=2026-01-02`,
      `/acme/sources?range=7d${nul}`,
      `/acme/actors/u-alice?actor=${nul}`,
    ];
    for (const path of paths) {
      const page = await get(path);
      expect([path, page.status]).toEqual([path, 400]);
      expect(page.text, path).toContain("contains the control character U+0000");
    }
    for (const [path, what] of [
      [`/acme/actors/u${nul}alice`, "the actor id contains the control character U+0000"],
      [`/acme/tools/read${nul}file`, "the tool name contains the control character U+0000"],
      ["/acme/actors/%1B%5B31m", "the actor id contains the control character U+001B"],
    ] as const) {
      const page = await get(path);
      expect([path, page.status]).toEqual([path, 400]);
      expect(page.text).toContain(what);
    }
    // An event id no stored event can have is a page that does not exist.
    expect((await get(`/acme/events/evt${nul}1`)).status).toBe(404);
  });

  it("answers the export route with problem details", async () => {
    for (const [query, detail] of [
      ["format=csv&tool=a%00b", "the parameter tool contains the control character U+0000"],
      ["format=csv&range=custom&from=0000-01-01&to=2026-01-01", "from must be a date"],
      ["format=xlsx", "format must be csv or ndjson"],
    ] as const) {
      const r = await get(`/acme/export?${query}`);
      expect([query, r.status]).toEqual([query, 400]);
      expect(r.type).toContain("application/problem+json");
      expect(JSON.parse(r.text)).toMatchObject({ status: 400, title: "Bad request" });
      expect((JSON.parse(r.text) as { detail: string }).detail).toContain(detail);
    }
  });

  it("checks who is asking before what is asked: sign-in, then tenant, then parameters", async () => {
    const anonymous = await get("/acme?tool=a%00b", {});
    expect(anonymous.status).toBe(307);
    expect((await get("/globex?tool=a%00b")).status).toBe(404);
    expect((await get("/acme/export?tool=a%00b", {})).status).toBe(401);
  });

  it("audits an export cut off by the client as failed with its rows, never as completed", async () => {
    const before = (await audit("events.export")).length;
    const controller = new AbortController();
    const res = await fetch(`${app.url}/acme/export?range=24h&server=bulk&format=ndjson`, {
      headers: { cookie },
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    controller.abort();

    await expect
      .poll(async () => (await audit("events.export_failed")).length, { timeout: 60_000 })
      .toBe(1);
    const [failed] = await audit("events.export_failed");
    expect(failed?.outcome).toBe("error");
    expect(failed?.arguments).toMatchObject({ format: "ndjson", ended: "aborted" });
    const rows = failed?.arguments?.rows as number;
    expect(rows).toBeGreaterThan(0);
    expect(rows).toBeLessThan(BULK_EVENTS);
    expect(await audit("events.export")).toHaveLength(before);
    expect((await audit("events.export_started")).length).toBeGreaterThan(0);

    // The same export read to its end is the one recorded as completed, with every row.
    const full = await fetch(`${app.url}/acme/export?range=24h&server=bulk&format=ndjson`, {
      headers: { cookie },
    });
    expect((await full.text()).trim().split("\n")).toHaveLength(BULK_EVENTS);
    const completed = await audit("events.export");
    expect(completed).toHaveLength(before + 1);
    expect(completed.at(-1)?.arguments).toMatchObject({ rows: BULK_EVENTS, format: "ndjson" });
  });
});
