import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type App, signInHttp, startApp } from "./fixtures/app";

// A real server on a shared 2-core machine: generous per-test time.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 600_000 });

/** The quarantine page over HTTP: range, filters, paging, the total, 400s, and its audit event. */
describe("quarantine page", () => {
  let app: App;
  let cookie = "";

  beforeAll(async () => {
    app = await startApp();
    await app.cli("tenants", "create", "acme");
    await app.user("acme", "owner@acme.test", "owner");
    cookie = await signInHttp(app.url, "owner@acme.test");
    const key = await app.key("acme");
    const bad = Array.from({ length: 30 }, (_, i) => ({
      id: `bad-${i}`,
      // Odd ones have a bad outcome, even ones a bad time: two reasons to filter by.
      time: i % 2 ? new Date().toISOString() : "yesterday",
      server: { name: "s" },
      method: "tools/call",
      tool: "t",
      actor: { id: "a" },
      outcome: i % 2 ? "maybe" : "ok",
    }));
    expect((await app.send(key, bad)).status).toBe(400);
  }, 600_000);
  afterAll(async () => app?.stop());

  const get = async (query: string) => {
    const res = await fetch(`${app.url}/acme/quarantine${query}`, { headers: { cookie } });
    // React separates text parts with empty comments.
    return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", "") };
  };
  const shown = (html: string) => [...html.matchAll(/data-testid="quarantined"/g)].length;
  const total = (html: string) =>
    /data-testid="quarantine-total"[^>]*>([\d,]+) rejected/.exec(html)?.[1];

  it("pages 25 at a time over the range with the total, older then newer", async () => {
    const first = await get("?size=25");
    expect(first.status).toBe(200);
    expect(total(first.html)).toBe("30");
    expect(shown(first.html)).toBe(25);
    const older = /href="([^"]*before=\d+[^"]*)"/.exec(first.html)?.[1]?.replaceAll("&amp;", "&");
    expect(older).toBeDefined();
    const second = await get(older?.slice(older.indexOf("?")) ?? "");
    expect(shown(second.html)).toBe(5);
    expect(second.html).toContain("Newer");
    expect(second.html).not.toContain("Older →");
  });

  it("filters by error text and event id, and says so", async () => {
    const odd = await get("?error=OUTCOME");
    expect(total(odd.html)).toBe("15");
    const one = await get("?event=bad-3");
    expect(total(one.html)).toBe("1");
    expect(one.html).toContain("bad-3");
    const none = await get("?key=no-such-key");
    expect(total(none.html)).toBe("0");
    expect(none.html).toContain("matches the filters");
    const past = await get("?range=custom&from=2020-01-01&to=2020-01-02");
    expect(total(past.html)).toBe("0");
  });

  it("answers 400 with the parameter named for what it cannot use", async () => {
    for (const [q, says] of [
      ["?size=7", "size must be one of"],
      ["?before=1&after=2", "not both"],
      ["?before=x", "before must be a row number"],
      ["?range=2d", "range must be one of"],
    ] as const) {
      const r = await get(q);
      expect(r.status, q).toBe(400);
      expect(r.html, q).toContain(says);
    }
  });

  it("audits each read with its filter", async () => {
    await get("?event=bad-7&size=100");
    const events = (
      await app.cli("events", "--tenant", "acme", "--tool", "quarantine.list", "--from", "1h")
    )
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as { arguments?: Record<string, unknown> });
    expect(events.map((e) => e.arguments)).toContainEqual(
      expect.objectContaining({ event_id: "bad-7", size: 100, rows: 1, total: 1 }),
    );
  });
});
