import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedRow } from "../../../test/fixtures/event-rows";
import type { StoredEvent } from "../../core/contract";
import { DEFAULT_SORT, parseView } from "../../queries/filters";
import { readActor } from "../reads/entity";
import { readEventsPage } from "../reads/events-page";
import { readOverview } from "../reads/overview";
import { type FlagsWorld, NOW, openFlagsWorld } from "./flags-fixture";
import { flaggedEvents, loadFlagsOverview, openFlagsAbout } from "./flags-overview";
import { resolveFlag } from "./resolve-flag";

/** The counts and badges other pages show: open flags per severity and day, per subject, per event. */
describe("flag figures on the overview, entity pages and explorer (PGlite)", () => {
  let w: FlagsWorld;
  const ev = "01900000-0000-7000-8000-0000000000e1";
  beforeAll(async () => {
    w = await openFlagsWorld();
    const t = new Date(Date.now() - 60_000).toISOString();
    const doc = {
      id: ev,
      time: t,
      received_at: t,
      tenant_id: "acme",
      ingest_key_id: "k",
      server: { name: "files" },
      method: "tools/call",
      tool: "delete_file",
      actor: { id: "alice" },
      outcome: "ok",
    } as StoredEvent;
    await w.store.rawInsertEvents([storedRow(doc)]);
    const [, second] = await w.seedFlags("acme", [
      { severity: "critical", evidence: [ev] },
      { severity: "high", evidence: [ev] },
      { severity: "low", subjectKey: "bob" },
      { severity: "medium", subjectKind: "actor_tool", subjectKey: "carol\u001fdelete_file" },
    ]);
    await resolveFlag({
      ctx: await w.ctxAs("owner"),
      input: { id: second?.id ?? "", reason: "remediated", note: "done" },
    });
  });
  afterAll(async () => w?.close());

  it("counts not yet resolved flags per severity and open flags per day, for viewers too", async () => {
    const o = await loadFlagsOverview(await w.ctxAs("viewer"));
    expect(o?.unresolvedBySeverity).toEqual({ low: 1, medium: 1, high: 0, critical: 1 });
    expect(o?.perDay).toHaveLength(30);
    const today = o?.perDay.find(
      (d) => d.t === Math.floor(NOW.getTime() / 86_400_000) * 86_400_000,
    );
    expect((today?.critical ?? 0) + (today?.low ?? 0)).toBeGreaterThan(0);
    const other = await loadFlagsOverview(await w.ctxAs("owner", "globex"));
    expect(other?.unresolvedBySeverity).toEqual({ low: 0, medium: 0, high: 0, critical: 0 });
  });

  it("badges: open flags of a subject and flags citing an event, within the tenant", async () => {
    const ctx = await w.ctxAs("auditor");
    expect(await openFlagsAbout(ctx, "actor", "alice", [])).toBe(1);
    expect(await openFlagsAbout(ctx, "actor", "bob", [])).toBe(1);
    expect(await openFlagsAbout(ctx, "actor", "nobody", [])).toBe(0);
    // An actor's flags with a tool count on the actor's page and on the tool's.
    expect(await openFlagsAbout(ctx, "actor", "carol", ["delete_file"])).toBe(1);
    expect(await openFlagsAbout(ctx, "tool", "delete_file", ["carol"])).toBe(1);
    expect(await openFlagsAbout(ctx, "tool", "delete_file", [])).toBe(0);
    expect(await flaggedEvents(ctx, [ev, "01900000-0000-7000-8000-0000000000e2"])).toEqual({
      [ev]: 2,
    });
    expect(await flaggedEvents(await w.ctxAs("owner", "globex"), [ev])).toEqual({});
  });

  it("reaches the overview, actor and explorer reads", async () => {
    const ctx = await w.ctxAs("security_analyst");
    const view = parseView({ range: "24h" });
    expect(
      (await readOverview({ ctx, input: { view } })).flags?.unresolvedBySeverity.critical,
    ).toBe(1);
    expect((await readActor({ ctx, input: { subject: "alice", view } })).openFlags).toBe(1);
    const page = await readEventsPage({ ctx, input: { view, sort: DEFAULT_SORT, size: 50 } });
    expect(page.flagged).toEqual({ [ev]: 2 });
  });
});
