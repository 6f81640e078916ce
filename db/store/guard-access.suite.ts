import { afterAll, beforeAll, expect, it } from "vitest";
import type { NewRevocation } from "./guard-access-types";
import type { GuardAccessStore, Store } from "./types";

const t0 = new Date("2026-03-01T10:00:00.000Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

const reg = (over: Partial<Parameters<GuardAccessStore["registerPolicy"]>[0]> = {}) => ({
  server: "memory",
  instance: "i1",
  guardVersion: "0.1.0",
  policyId: "p",
  hash: "a".repeat(64),
  document: { version: 1, id: "p", rules: [] },
  keyId: "k1",
  at: at(0),
  ...over,
});

const revocation = (over: Partial<NewRevocation> = {}): NewRevocation => ({
  id: `r-${Math.random().toString(36).slice(2)}`,
  principal: "alice",
  server: "memory",
  tools: ["create_entities"],
  campaignId: "c1",
  campaignName: "Q1 review",
  entryId: "e1",
  reviewerUserId: "u1",
  reason: "no longer needed",
  createdAt: at(0),
  ...over,
});

/**
 * Guard's side of access reviews on every backend (the SQL control store, also behind
 * ClickHouse): policy versions and their ranges, revocations and the per-server list version,
 * confirmation, proof, exceptions, heartbeats, and tenant isolation. Each case has its own tenant.
 */
export function guardAccessSuite(openStore: () => Promise<Store>) {
  let store: Store;
  let n = 0;
  const tenant = (): GuardAccessStore => store.forTenant(`g${n++}`).guardAccess;

  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
  });
  afterAll(async () => store?.close());

  it("keeps every policy version per server with the range it was in force", async () => {
    const g = tenant();
    const first = await g.registerPolicy(reg());
    expect(first.created).toBe(true);
    // The same hash again (a restart, a reload that changed nothing) opens nothing new.
    const again = await g.registerPolicy(reg({ at: at(5) }));
    expect(again).toEqual({ version: first.version, created: false });
    const second = await g.registerPolicy(reg({ hash: "b".repeat(64), at: at(10) }));
    expect(second.created).toBe(true);
    // Another instance of the same server has its own range; another server is separate.
    await g.registerPolicy(reg({ instance: "i2", at: at(3) }));
    await g.registerPolicy(reg({ server: "files", at: at(1), hash: "c".repeat(64) }));

    const memory = await g.listPolicyVersions({ server: "memory" });
    expect(memory.map((v) => [v.instance, v.hash[0], v.effectiveFrom, v.effectiveTo])).toEqual([
      ["i1", "a", at(0), at(10)],
      ["i2", "a", at(3), null],
      ["i1", "b", at(10), null],
    ]);
    expect(memory[0]?.document).toEqual({ version: 1, id: "p", rules: [] });
    expect((await g.listPolicyVersions()).length).toBe(4);
    // Which rules were in force at a given moment: the range is [from, to).
    const h = async (when: Date) =>
      (await g.listPolicyVersions({ server: "memory", at: when })).map(
        (v) => `${v.instance}:${v.hash[0]}`,
      );
    expect(await h(at(-1))).toEqual([]);
    expect(await h(at(2))).toEqual(["i1:a"]);
    expect(await h(at(9))).toEqual(["i1:a", "i2:a"]);
    expect(await h(at(10))).toEqual(["i2:a", "i1:b"]);
    // Going back to an earlier hash is a new version, not the old one reopened.
    await g.registerPolicy(reg({ at: at(20) }));
    expect((await g.listPolicyVersions({ server: "memory", at: at(30) })).length).toBe(2);
    expect((await g.listPolicyVersions({ server: "memory" })).length).toBe(4);
  });

  it("numbers each server's revocation list, one version per change", async () => {
    const g = tenant();
    expect(await g.listVersion("memory")).toBe(0);
    const a = await g.issueRevocation(revocation({ id: "ra" }));
    const b = await g.issueRevocation(revocation({ id: "rb", tools: [] }));
    const c = await g.issueRevocation(revocation({ id: "rc", server: "files" }));
    expect([a.listVersion, b.listVersion, c.listVersion]).toEqual([1, 2, 1]);
    expect(await g.listVersion("memory")).toBe(2);
    expect(a).toMatchObject({
      status: "pending",
      confirmedAt: null,
      confirmedBy: null,
      proofEventId: null,
      exceptionNote: null,
      tools: ["create_entities"],
      campaignName: "Q1 review",
    });
    expect(b.tools).toEqual([]);
    expect((await g.listRevocations({ server: "memory" })).map((r) => r.id)).toEqual(["ra", "rb"]);
    expect((await g.listRevocations({ campaignId: "c1" })).length).toBe(3);
    expect(await g.listRevocations({ campaignId: "other" })).toEqual([]);
    expect(await g.getRevocation("ra")).toEqual(a);
  });

  it("gives concurrent issuers of one server distinct versions", async () => {
    const g = tenant();
    const made = await Promise.all(
      Array.from({ length: 8 }, (_, i) => g.issueRevocation(revocation({ id: `r${i}` }))),
    );
    expect(made.map((r) => r.listVersion).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("confirms once, records the first proof, and refuses an exception once enforced", async () => {
    const g = tenant();
    const r = await g.issueRevocation(revocation({ id: "r1" }));
    const s = await g.issueRevocation(revocation({ id: "r2" }));
    expect(await g.recordException("r2", "server retired", "u9", at(1))).toBe(true);
    expect(await g.getRevocation("r2")).toMatchObject({
      status: "exception",
      exceptionNote: "server retired",
    });
    expect(await g.confirmRevocation(r.id, "i1", at(2))).toBe(true);
    expect(await g.confirmRevocation(r.id, "i2", at(3))).toBe(false);
    expect(await g.getRevocation(r.id)).toMatchObject({
      status: "enforced",
      confirmedAt: at(2),
      confirmedBy: "i1",
    });
    expect(await g.recordException(r.id, "too late", "u9", at(4))).toBe(false);
    expect(await g.recordProof(r.id, "ev-1", at(5))).toBe(true);
    expect(await g.recordProof(r.id, "ev-2", at(6))).toBe(false);
    expect((await g.getRevocation(r.id))?.proofEventId).toBe("ev-1");
    // A Guard that confirms a revocation with a noted exception after all: it is in force.
    expect(await g.confirmRevocation(s.id, "i1", at(7))).toBe(true);
    expect(await g.getRevocation(s.id)).toMatchObject({
      status: "enforced",
      exceptionNote: "server retired",
    });
    expect(await g.confirmRevocation("nope", "i1", at(8))).toBe(false);
    expect(await g.recordProof("nope", "ev", at(8))).toBe(false);
  });

  it("records each Guard instance's last heartbeat", async () => {
    const g = tenant();
    const beat = {
      server: "memory",
      instance: "i1",
      guardVersion: "0.1.0",
      keyId: "k1",
      policyHash: "a".repeat(64),
      listVersion: 3,
      at: at(0),
    };
    await g.recordHeartbeat(beat);
    await g.recordHeartbeat({ ...beat, listVersion: 4, at: at(1) });
    await g.recordHeartbeat({ ...beat, server: "files", policyHash: null, listVersion: 0 });
    expect(await g.listGuardInstances("memory")).toEqual([
      {
        server: "memory",
        instance: "i1",
        guardVersion: "0.1.0",
        keyId: "k1",
        policyHash: "a".repeat(64),
        listVersion: 4,
        lastHeartbeatAt: at(1),
      },
    ]);
    expect((await g.listGuardInstances()).length).toBe(2);
  });

  it("keeps hostile text as text and stores U+0000 as U+FFFD", async () => {
    const g = tenant();
    const name = "x'); DROP TABLE guard_revocations; --\u0000";
    const r = await g.issueRevocation(revocation({ id: "h1", principal: name, reason: name }));
    expect(r.principal).toBe(name.replace("\u0000", "\ufffd"));
    const v = await g.registerPolicy(reg({ document: { id: name, nested: [name] } }));
    expect(v.version.document).toEqual({
      id: name.replace("\u0000", "\ufffd"),
      nested: [name.replace("\u0000", "\ufffd")],
    });
  });

  it("never shows one tenant's rows to another", async () => {
    const a = tenant();
    const b = tenant();
    await a.registerPolicy(reg());
    const r = await a.issueRevocation(revocation({ id: "shared-id" }));
    await a.recordHeartbeat({
      server: "memory",
      instance: "i1",
      guardVersion: "0.1.0",
      keyId: "k1",
      policyHash: null,
      listVersion: 1,
      at: at(0),
    });
    expect(await b.listPolicyVersions()).toEqual([]);
    expect(await b.listRevocations()).toEqual([]);
    expect(await b.getRevocation(r.id)).toBeNull();
    expect(await b.listVersion("memory")).toBe(0);
    expect(await b.listGuardInstances()).toEqual([]);
    expect(await b.confirmRevocation(r.id, "evil", at(1))).toBe(false);
    expect(await b.recordProof(r.id, "evil", at(1))).toBe(false);
    expect(await b.recordException(r.id, "evil", "evil", at(1))).toBe(false);
    expect(await a.getRevocation(r.id)).toEqual(r);
    // The same id in another tenant is another revocation with its own list.
    const other = await b.issueRevocation(revocation({ id: "shared-id" }));
    expect(other.listVersion).toBe(1);
    expect(await a.listVersion("memory")).toBe(1);
  });
}
