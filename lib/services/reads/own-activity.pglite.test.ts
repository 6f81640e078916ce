import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { storedRow } from "../../../test/fixtures/event-rows";
import { can } from "../../auth/permissions";
import type { StoredEvent } from "../../core/contract";
import { DEFAULT_SORT, parseView } from "../../queries/filters";
import { buildAuditEvent, DASHBOARD_SERVER_NAME } from "../audit-event";
import type { TenantCtx } from "../context";
import { readEventsPage } from "./events-page";
import { readOverview } from "./overview";
import { readSources } from "./sources";

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

/** An event as the pipeline stores it: received through `key` (`internal`: the own entrance). */
function stored(raw: Record<string, unknown>, key: string, i: number) {
  const doc = {
    ...raw,
    time: minutesAgo(10 + i),
    tenant_id: "acme",
    received_at: minutesAgo(5),
    ingest_key_id: key,
  } as StoredEvent;
  return storedRow(doc, { leafIndex: i });
}

const mcp = (i: number, actor: string, server = "github") => ({
  id: `mcp-${i}`,
  server: { name: server },
  method: "tools/call",
  tool: "read_file",
  actor: { id: actor },
  outcome: "ok",
});

describe("Tooltrail's own activity in the read services", () => {
  let store: Store;
  let ctx: TenantCtx;
  const member = (email: string) =>
    ({ kind: "user", userId: email, email, auth: "session" }) as const;

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    const tenant = await store.admin.createTenant({ id: "acme", name: "Acme" });
    ctx = {
      store,
      actor: member("owner@acme.test"),
      audit: async () => {},
      now: () => new Date(),
      tenant,
      data: store.forTenant("acme"),
      can: (p) => can("owner", p),
    };
    const own = (i: number, email: string, action: string) =>
      stored(buildAuditEvent(member(email), { action }, "test"), "internal", i);
    await store.rawInsertEvents([
      stored(mcp(0, "alice@acme.test"), "k1", 0),
      stored(mcp(1, "bob"), "k1", 1),
      stored(mcp(2, "bob"), "k1", 2),
      // A source naming its server like the dashboard's is MCP traffic all the same.
      stored(mcp(3, "carol", DASHBOARD_SERVER_NAME), "k1", 3),
      own(4, "alice@acme.test", "overview.view"),
      own(5, "eve@acme.test", "events.list"),
      own(6, "eve@acme.test", "overview.view"),
    ]);
  });
  afterAll(async () => store?.close());

  const overview = (activity?: string) =>
    readOverview({ ctx, input: { view: parseView({ range: "24h", activity }) } });

  it("leaves them out of the overview's KPIs, top lists and distinct actors by default", async () => {
    const { data, view } = await overview();
    expect(view.activity).toBe("mcp");
    expect(data.summary.events).toBe(4);
    expect(data.summary.actors).toBe(3);
    expect(data.top.actor.map((r) => [r.key, r.count])).toEqual([
      ["bob", 2],
      ["alice@acme.test", 1],
      ["carol", 1],
    ]);
    expect(data.top.tool.map((r) => r.key)).toEqual(["read_file"]);
    expect(data.top.server.map((r) => [r.key, r.count])).toEqual([
      ["github", 3],
      [DASHBOARD_SERVER_NAME, 1],
    ]);
    expect(data.top.client).toEqual([]);
  });

  it("shows only them in the audit of this dashboard, and both when asked", async () => {
    const own = await overview("dashboard");
    expect(own.data.summary.events).toBe(3);
    expect(own.data.summary.actors).toBe(2);
    expect(own.data.top.tool.map((r) => [r.key, r.count])).toEqual([
      ["overview.view", 2],
      ["events.list", 1],
    ]);
    const all = await overview("all");
    expect(all.data.summary.events).toBe(7);
    expect(all.data.summary.actors).toBe(4);
  });

  it("keeps the explorer's default page to MCP traffic", async () => {
    const ids = async (activity?: string) =>
      (
        await readEventsPage({
          ctx,
          input: { view: parseView({ range: "24h", activity }), sort: DEFAULT_SORT, size: 50 },
        })
      ).rows
        .map((r) => r.id)
        .sort();
    expect(await ids()).toEqual(["mcp-0", "mcp-1", "mcp-2", "mcp-3"]);
    expect((await ids("dashboard")).every((id) => id.startsWith("tt-dash-"))).toBe(true);
    expect(await ids("all")).toHaveLength(7);
  });

  it("lists MCP sources only on the Sources page", async () => {
    const { sources } = await readSources({ ctx, input: { range: "24h" } });
    expect(sources.map((s) => [s.key_id, s.events])).toEqual([["k1", 4]]);
  });
});
