import { afterAll, beforeAll, expect, it } from "vitest";
import type { DecisionRecord, NewReviewEntry, Store } from "./types";

const T = new Date("2026-07-01T00:00:00Z");

/**
 * Campaigns, frozen entries and append-only decisions (issue 13): the same answers on every
 * backend (ClickHouse keeps them in its SQL control store).
 */
export function accessReviewSuite(openStore: () => Promise<Store>) {
  let store: Store;
  beforeAll(async () => {
    store = await openStore();
    await store.migrate();
  });
  afterAll(async () => store?.close());

  const entry = (i: number, reviewer = "u1"): NewReviewEntry => ({
    id: `e${i}`,
    position: i,
    key: `k${i}`,
    kind: "tool",
    principal: `p${i}\u0000`,
    server: "files",
    tool: "read_file",
    change: "new",
    entry: { principal: `p${i}`, flags: ["dormant"] },
    reviewerUserId: reviewer,
    routedBy: "fallback",
  });
  const decision = (id: string, entryId: string, d: Partial<DecisionRecord> = {}) => ({
    id,
    campaignId: "c1",
    entryId,
    decision: "keep" as const,
    note: null,
    reduceTo: null,
    decidedBy: "u1",
    decidedAt: T,
    automatic: false,
    enforcement: null,
    ...d,
  });

  it("creates a draft, starts it once with its entries, and keeps decisions in order", async () => {
    const reviews = store.forTenant("acme").reviews;
    const created = await reviews.createCampaign({
      id: "c1",
      definitionId: "d1",
      name: "Q3",
      definition: { scope: { everything: true } },
      dueAt: new Date(T.getTime() + 86_400_000),
      createdBy: "u0",
      createdAt: T,
    });
    expect(created.status).toBe("draft");
    // No decision on a draft.
    expect(await reviews.addDecisions("c1", [decision("x", "e1")])).toBe(false);
    const start = {
      startedAt: T,
      snapshotHash: "abc",
      counts: { entries: 2 },
      previousCampaignId: null,
      entries: [entry(1), entry(2, "u2")],
    };
    expect(await reviews.startCampaign("c1", start)).toBe(true);
    expect(await reviews.startCampaign("c1", start)).toBe(false);
    const c = await reviews.getCampaign("c1");
    expect(c).toMatchObject({ status: "in_progress", snapshotHash: "abc", counts: { entries: 2 } });
    const mine = await reviews.listEntries("c1", { reviewerUserId: "u2" });
    expect(mine.map((e) => e.id)).toEqual(["e2"]);
    // Same millisecond: insertion order decides which is the latest.
    expect(
      await reviews.addDecisions("c1", [
        decision("d1", "e1"),
        decision("d2", "e1", { decision: "revoke", note: "not needed" }),
      ]),
    ).toBe(true);
    const [e1, e2] = await reviews.listEntries("c1");
    expect(e1?.principal).toBe("p1\ufffd");
    expect(e1?.decision).toMatchObject({ id: "d2", decision: "revoke", note: "not needed" });
    expect(e2?.decision).toBeNull();
    expect((await reviews.listDecisions("c1", "e1")).map((d) => d.id)).toEqual(["d1", "d2"]);
  });

  it("locks a completed campaign: no decision is written", async () => {
    const reviews = store.forTenant("acme").reviews;
    expect(await reviews.transition("c1", ["in_progress"], "completed", T, "u0")).toBe(true);
    expect(await reviews.transition("c1", ["in_progress"], "cancelled", T, "u0")).toBe(false);
    expect(await reviews.addDecisions("c1", [decision("d3", "e2")])).toBe(false);
    expect(await reviews.listDecisions("c1")).toHaveLength(2);
    expect(await reviews.getCampaign("c1")).toMatchObject({ status: "completed", closedBy: "u0" });
  });

  it("shows nothing of one tenant to another", async () => {
    const other = store.forTenant("globex").reviews;
    expect(await other.getCampaign("c1")).toBeNull();
    expect(await other.listCampaigns()).toEqual([]);
    expect(await other.listEntries("c1")).toEqual([]);
    expect(await other.listDecisions("c1")).toEqual([]);
    expect(await other.transition("c1", ["completed"], "cancelled", T, "x")).toBe(false);
    const acme = await store.forTenant("acme").reviews.listCampaigns({ definitionId: "d1" });
    expect(acme.map((c) => c.id)).toEqual(["c1"]);
  });

  it("reads each account's last sign-in from its newest session", async () => {
    const u = await store.admin.createUser({ email: "signin@acme.test" });
    const session = (idHash: string, at: number) => ({
      idHash,
      userId: u.id,
      method: "password" as const,
      createdAt: new Date(T.getTime() + at),
      expiresAt: new Date(T.getTime() + at + 86_400_000),
    });
    await store.admin.sessions.create(session("a", 0));
    await store.admin.sessions.create(session("b", 60_000));
    const other = await store.admin.createUser({ email: "never@acme.test" });
    const last = await store.admin.sessions.lastSignIn([u.id, other.id]);
    expect([...last.entries()]).toEqual([[u.id, new Date(T.getTime() + 60_000)]]);
    expect(await store.admin.sessions.lastSignIn([])).toEqual(new Map());
  });
}
