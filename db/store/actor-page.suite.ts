import { afterAll, beforeAll, expect, it } from "vitest";
import type { StoredEvent } from "../../lib/core/contract";
import { loadActorIdentity, loadServerTimeline } from "../../lib/queries/entity";
import { storedRow } from "../../test/fixtures/event-rows";
import type { Store } from "./types";

const BASE = Date.UTC(2026, 4, 1, 0, 0, 0);
const HOUR = 3_600_000;
const SERVERS = ["files", 'git "hub"', "jira.prod", "<b>x</b>"];

type Spec = { actor: string; server: string; hour: number; name?: string; email?: string };

function doc(tenant: string, i: number, s: Spec): StoredEvent {
  const time = new Date(BASE + s.hour * HOUR + i * 1000).toISOString();
  return {
    id: `e-${tenant}-${i}`,
    time,
    server: { name: s.server },
    method: "tools/call",
    tool: "read_file",
    actor: {
      id: s.actor,
      ...(s.name === undefined ? {} : { name: s.name }),
      ...(s.email === undefined ? {} : { email: s.email }),
    },
    outcome: "ok",
    tenant_id: tenant,
    received_at: time,
    ingest_key_id: "k1",
  } as StoredEvent;
}

/**
 * alice: an old name, then a newer one (with quotes), then events without any name; one email.
 * bob: never a name or email. In globex, alice has a name of her own, which acme must not see.
 */
const ACME: Spec[] = [
  ...Array.from({ length: 6 }, (_, i) => ({
    actor: "alice",
    server: SERVERS[i % 2] as string,
    hour: i,
    name: "Alice Old",
  })),
  ...Array.from({ length: 5 }, (_, i) => ({
    actor: "alice",
    server: SERVERS[(i % 3) + 1] as string,
    hour: 10 + i,
    name: 'Alice "New"',
    email: "alice@example.com",
  })),
  ...Array.from({ length: 4 }, (_, i) => ({ actor: "alice", server: "files", hour: 20 + i })),
  ...Array.from({ length: 3 }, (_, i) => ({ actor: "bob", server: "files", hour: i })),
];
const GLOBEX: Spec[] = [
  { actor: "alice", server: "files", hour: 30, name: "Globex Alice", email: "a@globex.test" },
];

/** The actor page's reads (lib/queries/entity.ts) on every backend: who the actor is, and where. */
export function actorPageSuite(openStore: () => Promise<Store>) {
  let store: Store;

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
    for (const t of ["acme", "globex"]) await store.admin.createTenant({ id: t, name: t });
    await store.rawInsertEvents(ACME.map((s, i) => storedRow(doc("acme", i, s), { leafIndex: i })));
    await store.rawInsertEvents(
      GLOBEX.map((s, i) => storedRow(doc("globex", i, s), { leafIndex: i })),
    );
  });
  afterAll(async () => store?.close());

  it("finds the latest name and email, and the earlier name that differs", async () => {
    const id = await loadActorIdentity(store.forTenant("acme"), "alice");
    const lastNew = new Date(BASE + 14 * HOUR + 10_000).toISOString();
    expect(id).toEqual({
      names: [
        { value: 'Alice "New"', lastSeen: lastNew },
        { value: "Alice Old", lastSeen: new Date(BASE + 5 * HOUR + 5000).toISOString() },
      ],
      emails: [{ value: "alice@example.com", lastSeen: lastNew }],
    });
  });

  it("knows nothing of an actor whose events carry no name or email, nor of another tenant's", async () => {
    expect(await loadActorIdentity(store.forTenant("acme"), "bob")).toEqual({
      names: [],
      emails: [],
    });
    expect(await loadActorIdentity(store.forTenant("acme"), "nobody")).toEqual({
      names: [],
      emails: [],
    });
    const globex = await loadActorIdentity(store.forTenant("globex"), "alice");
    expect(globex.names.map((n) => n.value)).toEqual(["Globex Alice"]);
  });

  it("counts the actor's events per server and hour, as the rows say", async () => {
    const filter = { from: new Date(BASE), to: new Date(BASE + 24 * HOUR), actor: ["alice"] };
    const t = await loadServerTimeline(store.forTenant("acme"), filter, 3600);
    const alice = ACME.filter((s) => s.actor === "alice");
    const perServer = new Map<string, number>();
    for (const s of alice) perServer.set(s.server, (perServer.get(s.server) ?? 0) + 1);
    expect(t.servers.map((s) => [s.name, s.events]).sort()).toEqual([...perServer].sort());
    expect(t.other).toBe(0);
    expect(t.points).toHaveLength(24);
    for (const s of t.servers)
      for (const [hour, p] of t.points.entries())
        expect([s.name, hour, p[s.key]]).toEqual([
          s.name,
          hour,
          alice.filter((a) => a.server === s.name && a.hour === hour).length,
        ]);
    // Bob's and globex's events are in no bucket.
    const total = t.points.reduce(
      (n, p) => n + t.servers.reduce((m, s) => m + (p[s.key] ?? 0), 0),
      0,
    );
    expect(total).toBe(alice.length);
  });

  it("charts servers beyond the busiest as other", async () => {
    const many: Spec[] = Array.from({ length: 12 }, (_, i) => ({
      actor: "carol",
      server: `srv-${i}`,
      hour: 40,
    }));
    await store.rawInsertEvents(
      many.map((s, i) => storedRow(doc("acme", 100 + i, s), { leafIndex: 100 + i, batchSeq: 2 })),
    );
    const filter = {
      from: new Date(BASE + 40 * HOUR),
      to: new Date(BASE + 41 * HOUR),
      actor: ["carol"],
    };
    const t = await loadServerTimeline(store.forTenant("acme"), filter, 3600);
    expect(t.servers).toHaveLength(8);
    expect(t.other).toBe(4);
    expect(t.points[0]?.other).toBe(4);
  });
}
