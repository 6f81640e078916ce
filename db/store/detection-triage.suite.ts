import { expect, it } from "vitest";
import { at, delivery, flag, incident, seed, unit } from "./detection-fixtures";
import type { DetectionStore } from "./types";

/**
 * Triage, incidents and notifications of the detection store; registered by
 * detection-store.suite.ts, whose `tenant()` gives each case a fresh tenant of the open store.
 */
export function detectionTriageCases(tenant: () => DetectionStore) {
  const ids = (r: { rows: { id: string }[] }) => r.rows.map((f) => f.id);

  it("lists flags with filters, sort, pages and an exact total", async () => {
    const d = tenant();
    await seed(d);
    const all = await d.listFlags({ limit: 2, offset: 0 });
    expect(all.total).toBe(5);
    expect(ids(all)).toEqual(["b", "d"]); // last seen, newest first
    expect(ids(await d.listFlags({ limit: 2, offset: 4 }))).toEqual(["a"]);
    expect(ids(await d.listFlags({ limit: 9, offset: 0, sort: "severity" }))).toEqual([
      "b",
      "c",
      "e",
      "d",
      "a",
    ]);
    expect(
      ids(await d.listFlags({ limit: 9, offset: 0, sort: "last_seen", order: "asc" })),
    ).toEqual(["a", "e", "c", "d", "b"]);
    const high = await d.listFlags({ limit: 1, offset: 0, severity: ["high", "critical"] });
    expect([ids(high), high.total]).toEqual([["b"], 3]);
    expect(ids(await d.listFlags({ limit: 9, offset: 0, status: ["acknowledged"] }))).toEqual([
      "d",
    ]);
    expect(ids(await d.listFlags({ limit: 9, offset: 0, rule: ["first_use"] }))).toEqual(["c"]);
    expect(ids(await d.listFlags({ limit: 9, offset: 0, subjectKey: "bob" }))).toEqual(["c"]);
    expect(ids(await d.listFlags({ limit: 9, offset: 0, assignee: "u1" }))).toEqual(["d"]);
    expect(ids(await d.listFlags({ limit: 9, offset: 0, active: false }))).toEqual(["e"]);
    // Episodes overlapping [from, to): a ends at 2 (included), e starts at 20 (excluded).
    const window = await d.listFlags({ limit: 9, offset: 0, from: at(2), to: at(20) });
    expect(ids(window).sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("patches a flag with one history entry, and counts resolutions per rule", async () => {
    const d = tenant();
    await seed(d);
    const entry = { flagId: "c", at: at(30), by: "u1", action: "resolved", details: { x: 1 } };
    const patch = {
      status: "resolved",
      resolution: "false_positive",
      resolutionNote: "a new job",
    } as const;
    const updated = await d.updateFlag("c", patch, entry);
    expect(updated).toMatchObject({
      ...patch,
      assignee: null,
      updatedAt: at(30),
      rule: "first_use",
    });
    expect(await d.getFlag("c")).toEqual(updated);
    expect(await d.flagHistory("c")).toEqual([entry]);
    await d.updateFlag("a", { ...patch, resolution: "remediated" }, { ...entry, flagId: "a" });
    await d.updateFlag("b", { assignee: "u2" }, { ...entry, flagId: "b", action: "assigned" });
    expect((await d.getFlag("b"))?.status).toBe("open");
    expect(await d.updateFlag("nope", patch, { ...entry, flagId: "nope" })).toBeNull();
    expect(await d.flagHistory("nope")).toEqual([]);
    expect(await d.resolutionCounts()).toEqual([
      { rule: "first_use", reason: "false_positive", count: 1 },
      { rule: "volume_spike", reason: "remediated", count: 1 },
    ]);
    expect(await d.openFlagCounts(["alice", "bob"])).toEqual(new Map([["alice", 3]]));
  });

  it("counts open flags per day until they are resolved", async () => {
    const d = tenant();
    const day = (n: number) => at(24 * n);
    const flags = [
      flag("x", { firstSeen: day(0), severity: "high" }),
      flag("y", { firstSeen: at(24 + 5), severity: "high" }),
      flag("z", { firstSeen: day(1), severity: "low" }),
    ];
    await d.commitEvaluation(unit(null, { flags }));
    const entry = { flagId: "x", at: at(48 + 3), by: "u", action: "resolved", details: {} };
    await d.updateFlag("x", { status: "resolved", resolution: "remediated" }, entry);
    const rows = await d.openFlagsPerDay(day(0), day(4));
    const key = (r: { day: Date; severity: string; count: number }) =>
      `${(r.day.getTime() - day(0).getTime()) / 86_400_000} ${r.severity} ${r.count}`;
    expect(rows.map(key)).toEqual([
      "0 high 1",
      "1 high 2",
      "1 low 1",
      "2 high 2", // x was resolved during day 2: open for part of it
      "2 low 1",
      "3 high 1",
      "3 low 1",
    ]);
  });

  it("hides expired suppressions", async () => {
    const d = tenant();
    const s = (id: string, until: Date) => ({
      id,
      rule: "high_risk_args",
      subjectKey: "alice",
      until,
      reason: "pentest",
      createdBy: "u1",
      createdAt: at(0),
    });
    await d.addSuppression(s("s1", at(10)));
    await d.addSuppression(s("s2", at(20)));
    expect((await d.listSuppressions(at(5))).map((r) => r.id)).toEqual(["s1", "s2"]);
    expect(await d.listSuppressions(at(10))).toEqual([s("s2", at(20))]);
    expect(await d.removeSuppression("s2")).toBe(true);
    expect(await d.removeSuppression("s2")).toBe(false);
    expect(await d.listSuppressions(at(0))).toEqual([s("s1", at(10))]);
  });

  it("creates incidents and links flags to them", async () => {
    const d = tenant();
    await seed(d);
    await d.createIncident(incident("i1"), ["a", "b", "nope"]);
    expect(await d.getIncident("i1")).toEqual(incident("i1"));
    expect(await d.flagsOfIncident("i1")).toEqual(["a", "b"]);
    expect((await d.getFlag("a"))?.incidentId).toBe("i1");
    await d.linkFlags("i1", ["c"]);
    expect(await d.flagsOfIncident("i1")).toEqual(["a", "b", "c"]);
    await expect(d.linkFlags("i9", ["d"])).rejects.toMatchObject({ code: "not-found" });
    const closed = await d.updateIncident("i1", { status: "closed", closedAt: at(40) });
    expect(closed).toEqual(incident("i1", { status: "closed", closedAt: at(40) }));
    expect(await d.updateIncident("i9", { status: "closed" })).toBeNull();
    expect(await d.listIncidents()).toEqual([closed]);
  });

  it("queues deliveries and hands out the due ones oldest first", async () => {
    const d = tenant();
    const dest = {
      id: "d1",
      kind: "webhook",
      name: "SOC",
      url: "https://soc.example/hook",
      secretCiphertext: "v1:abc",
      minSeverity: "high",
      enabled: true,
      createdBy: "u1",
      createdAt: at(0),
    } as const;
    await d.putDestination(dest);
    await d.putDestination({ ...dest, name: "SOC 2" });
    expect(await d.listDestinations()).toEqual([{ ...dest, name: "SOC 2" }]);
    await d.enqueueDeliveries([
      delivery("q1", { nextAttemptAt: at(3) }),
      delivery("q2", { nextAttemptAt: at(1) }),
      delivery("q3", { nextAttemptAt: at(9) }),
      delivery("q4", { nextAttemptAt: at(2), status: "delivered" }),
    ]);
    await d.enqueueDeliveries([delivery("q1", { nextAttemptAt: at(0) })]); // idempotent on id
    const due = async () => (await d.dueDeliveries(at(5), 10)).map((r) => r.id);
    expect(await due()).toEqual(["q2", "q1"]);
    const dueOf = async (dest: string) => (await d.dueDeliveries(at(5), 10, dest)).map((r) => r.id);
    expect(await dueOf("d1")).toEqual(["q2", "q1"]);
    expect(await dueOf("other")).toEqual([]);
    expect((await d.dueDeliveries(at(5), 1)).map((r) => r.id)).toEqual(["q2"]);
    await d.updateDelivery("q2", { status: "delivered", attempts: 1, lastStatus: 204 });
    await d.updateDelivery("q1", { attempts: 1, nextAttemptAt: at(6), lastError: "timeout" });
    expect(await due()).toEqual([]);
    const q1 = (await d.listDeliveries("d1", 10)).find((r) => r.id === "q1");
    expect(q1).toEqual(delivery("q1", { nextAttemptAt: at(6), attempts: 1, lastError: "timeout" }));
    expect(await d.listDeliveries("other", 10)).toEqual([]);
    // Removing the destination drops what is still pending; the log of sent ones stays.
    expect(await d.removeDestination("d1")).toBe(true);
    expect(await d.getDestination("d1")).toBeNull();
    expect((await d.listDeliveries(null, 10)).map((r) => r.id).sort()).toEqual(["q2", "q4"]);
  });

  it("claims one attempt for one caller, and prunes the sent and failed log", async () => {
    const d = tenant();
    const other = tenant();
    await d.enqueueDeliveries([
      delivery("c1", { nextAttemptAt: at(1), createdAt: at(1) }),
      delivery("c2", { status: "delivered", createdAt: at(1) }),
      delivery("c3", { status: "failed", createdAt: at(3) }),
    ]);
    // Another tenant cannot claim it; a stale attempt count or a lease not yet over loses.
    expect(await other.claimDelivery("c1", 0, at(2), at(4))).toBe(false);
    expect(await d.claimDelivery("c1", 1, at(2), at(4))).toBe(false);
    const claims = await Promise.all([
      d.claimDelivery("c1", 0, at(2), at(4)),
      d.claimDelivery("c1", 0, at(2), at(4)),
    ]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await d.dueDeliveries(at(3), 10)).toEqual([]);
    // A claimer that died is replaced once its lease is over.
    expect(await d.claimDelivery("c1", 0, at(4), at(6))).toBe(true);
    expect(await other.pruneDeliveries(at(9))).toBe(0);
    expect(await d.pruneDeliveries(at(2))).toBe(1);
    expect((await d.listDeliveries(null, 10)).map((r) => r.id).sort()).toEqual(["c1", "c3"]);
  });
}
