import { afterAll, beforeAll, expect, it } from "vitest";
import { TRUTH_DAY, truthRows, truthSeries, truthSummary, truthTop } from "./dashboard-truth";
import { ACTIVITIES, OWN_INGEST_KEY, OWN_SERVER_NAME } from "./own-activity";
import { DAY_MS, HOUR_MS } from "./tiers";
import { DIMENSIONS, type EventFilter, type EventRow, type Store } from "./types";

const at = (ms: number) => new Date(TRUTH_DAY + ms);

/** Ranges read from days, hours and raw edges, from hours only, and from raw rows only. */
const RANGES: Record<string, Pick<EventFilter, "from" | "to">> = {
  "days, hours and edges": { from: at(-6 * HOUR_MS + 1), to: at(4 * DAY_MS - 7) },
  "whole hours": { from: at(5 * HOUR_MS), to: at(DAY_MS + 3 * HOUR_MS) },
  "inside one hour": { from: at(28 * HOUR_MS + 600_000), to: at(28 * HOUR_MS + 3_000_000) },
  everything: {},
};

/** Filters whose rollups hold own events (server, tool, actor, client) and one none answers. */
const FILTERS: Record<string, EventFilter> = {
  none: {},
  "the dashboard's server name": { server: [OWN_SERVER_NAME] },
  actors: { actor: ["u3", "u7"] },
  "client and outcome": { client: ["ca"], outcome: ["ok", "error"] },
  "session (raw only)": { session: "s3" },
};

/**
 * The truth rows with every fifth one made Tooltrail's own (the internal entrance, the
 * dashboard's server, no duration, as self-audit events are) and every seventh a look-alike: a
 * source with an ingest key naming its server `tooltrail-dashboard`, which is MCP traffic.
 * Actors and clients are shared between both, so only exact subtraction gets distinct actors.
 */
function rows(tenantId: string): EventRow[] {
  return truthRows(tenantId).map((r, i) =>
    i % 5 === 0
      ? { ...r, serverName: OWN_SERVER_NAME, ingestKeyId: OWN_INGEST_KEY, durationMs: null }
      : i % 7 === 0
        ? { ...r, serverName: OWN_SERVER_NAME }
        : r,
  );
}

/** EventFilter.activity on every store: MCP traffic, Tooltrail's own, or both, from any tier. */
export function ownActivitySuite(openStore: () => Promise<Store>) {
  let store: Store;
  const data = rows("own");

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    await store.admin.createTenant({ id: "own", name: "own" });
    for (let i = 0; i < data.length; i += 97) await store.rawInsertEvents(data.slice(i, i + 97));
  });
  afterAll(async () => store?.close());

  it("answers KPIs, series, top lists and counts per activity exactly as the rows do", async () => {
    const t = store.forTenant("own");
    for (const [rl, range] of Object.entries(RANGES))
      for (const [fl, filter] of Object.entries(FILTERS))
        for (const activity of ACTIVITIES) {
          const f: EventFilter = { ...filter, ...range, activity };
          const label = `${activity}, ${rl}, filter ${fl}`;
          const [summary, hourly, daily, tops, count] = await Promise.all([
            t.summarize(f),
            t.countOverTime(f, 3600, "server"),
            t.countOverTime(f, 86_400, "actor"),
            Promise.all(DIMENSIONS.map((d) => t.topN(f, d, 100))),
            t.countEvents(f),
          ]);
          expect(summary, `summary, ${label}`).toEqual(truthSummary(data, f));
          expect(hourly, `hourly series, ${label}`).toEqual(truthSeries(data, f, 3600, "server"));
          expect(daily, `daily series, ${label}`).toEqual(truthSeries(data, f, 86_400, "actor"));
          for (const [i, d] of DIMENSIONS.entries())
            expect(tops[i], `top ${d}, ${label}`).toEqual(truthTop(data, f, d, 100));
          expect(count, `count, ${label}`).toBe(truthSummary(data, f).events);
        }
  }, 240_000);

  it("lists MCP traffic by default only when asked, and keeps look-alikes in it", async () => {
    const t = store.forTenant("own");
    const ids = async (f: EventFilter) =>
      new Set((await t.listEvents({ ...f, limit: 2000 })).events.map((e) => e.id));
    const own = data.filter((_, i) => i % 5 === 0).map((r) => r.id);
    const lookAlike = data.filter((_, i) => i % 5 !== 0 && i % 7 === 0).map((r) => r.id);
    const mcp = await ids({ activity: "mcp" });
    const dashboard = await ids({ activity: "dashboard" });
    expect(mcp.size + dashboard.size).toBe(data.length);
    expect([...dashboard].sort()).toEqual([...own].sort());
    for (const id of lookAlike) expect(mcp.has(id), id).toBe(true);
    expect((await ids({})).size).toBe(data.length);
  });
}
