import { afterAll, beforeAll, expect, it } from "vitest";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";
import type { AccessUsageRow, Store } from "./types";

const T0 = Date.UTC(2026, 4, 1);
const DAY = 86_400_000;
const at = (days: number) => new Date(T0 + days * DAY).toISOString();

/**
 * Observed use for access reviews over real ingestion: every backend groups the same calls by
 * principal, server and tool, with first/last use over all time before the period's end, calls
 * and denials within it, and the sources that reported them.
 */
export function accessUsageSuite(
  openStore: () => Promise<Store>,
  env: Record<string, string> = {},
) {
  let h: Harness;
  let store: Store;
  let keyA: string;
  let keyB: string;
  const keyId = (token: string) => token.split("_")[1] as string;

  async function send(token: string, events: Record<string, unknown>[]) {
    const res = await h.post(token, JSON.stringify(events));
    expect(res.status).toBeLessThan(300);
  }

  beforeAll(async () => {
    h = await startHarness({ store: await openStore(), env, keepStore: true });
    keyA = await h.tenantWithKey("acme");
    keyB = await h.tenantWithKey("acme");
    const other = await h.tenantWithKey("globex");
    const alice = { id: "alice", type: "user" };
    await send(keyA, [
      // Before the period: counts for first seen, not for calls.
      makeEvent({ time: at(0), actor: alice, server: { name: "files" }, tool: "read_file" }),
      makeEvent({ time: at(10), actor: alice, server: { name: "files" }, tool: "read_file" }),
      makeEvent({
        time: at(11),
        actor: alice,
        server: { name: "files" },
        tool: "read_file",
        outcome: "denied",
      }),
      makeEvent({ time: at(12), actor: alice, server: { name: "files" }, tool: "write_file" }),
      makeEvent({ time: at(12), actor: { id: "bot-1" }, server: { name: "db" }, tool: "query" }),
      makeEvent({
        time: at(13),
        actor: { id: "bot-1", type: "agent" },
        server: { name: "db" },
        tool: "query",
      }),
      // A call without a tool is not a tool grant; after the period's end is not counted at all.
      makeEvent({ time: at(12), actor: alice, method: "resources/read", tool: undefined }),
      makeEvent({ time: at(40), actor: alice, server: { name: "files" }, tool: "delete_file" }),
    ]);
    await send(keyB, [
      makeEvent({ time: at(12), actor: alice, server: { name: "files" }, tool: "read_file" }),
    ]);
    await send(other, [
      makeEvent({ time: at(12), actor: alice, server: { name: "files" }, tool: "read_file" }),
    ]);
    await h.stored();
    await h.stop();
    store = h.store;
  });
  afterAll(async () => store?.close());

  const period = { from: new Date(T0 + 5 * DAY), to: new Date(T0 + 30 * DAY) };

  it("groups by principal, server and tool, counting calls and denials in the period", async () => {
    const rows = await store.forTenant("acme").accessUsage(period);
    const plain = (r: AccessUsageRow) => ({
      ...r,
      firstSeen: r.firstSeen.toISOString(),
      lastUsed: r.lastUsed.toISOString(),
    });
    expect(rows.map(plain)).toEqual([
      {
        principal: "alice",
        server: "files",
        tool: "read_file",
        actorType: "user",
        firstSeen: at(0),
        lastUsed: at(12),
        calls: 3,
        denials: 1,
        sources: [keyId(keyA), keyId(keyB)].sort(),
      },
      {
        principal: "alice",
        server: "files",
        tool: "write_file",
        actorType: "user",
        firstSeen: at(12),
        lastUsed: at(12),
        calls: 1,
        denials: 0,
        sources: [keyId(keyA)],
      },
      {
        principal: "bot-1",
        server: "db",
        tool: "query",
        actorType: "agent",
        firstSeen: at(12),
        lastUsed: at(13),
        calls: 2,
        denials: 0,
        sources: [keyId(keyA)],
      },
    ]);
  });

  it("reads nothing of another tenant and nothing before a period with no use", async () => {
    expect(await store.forTenant("globex").accessUsage(period)).toHaveLength(1);
    expect(await store.forTenant("nobody").accessUsage(period)).toEqual([]);
    const early = await store
      .forTenant("acme")
      .accessUsage({ from: new Date(T0 - DAY), to: new Date(T0 + DAY) });
    expect(early.map((r) => [r.principal, r.tool, r.calls])).toEqual([["alice", "read_file", 1]]);
  });
}
