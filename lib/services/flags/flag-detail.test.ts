import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storedRow } from "../../../test/fixtures/event-rows";
import { ROLES } from "../../auth/roles";
import type { StoredEvent } from "../../core/contract";
import { hasCode } from "../../core/errors";
import { HOUR } from "../../detect/stats";
import { acknowledgeFlag } from "./acknowledge-flag";
import { countFlags } from "./count-flags";
import { type FlagsWorld, NOW, openFlagsWorld } from "./flags-fixture";
import { getFlag } from "./get-flag";

function doc(id: string, time: Date): StoredEvent {
  return {
    id,
    time: time.toISOString(),
    received_at: time.toISOString(),
    tenant_id: "acme",
    ingest_key_id: "k1",
    server: { name: "files" },
    method: "tools/call",
    tool: "delete_file",
    actor: { id: "alice", type: "user" },
    outcome: "error",
    arguments: { path: "/srv/secret.txt" },
    labels: { team: "payroll" },
    error: { type: "tool_error", message: "permission denied on /srv/secret.txt" },
  } as StoredEvent;
}

/**
 * A flag's page data: evidence read from the tenant's events with payloads only for roles that
 * read them, the series against the same hours of earlier weeks, history, and counts for viewers.
 */
describe("flag detail and counts (PGlite)", () => {
  let w: FlagsWorld;
  const start = new Date(NOW.getTime() - 3 * HOUR);
  let flagId = "";
  const evIds = ["01900000-0000-7000-8000-000000000001", "01900000-0000-7000-8000-000000000002"];

  beforeAll(async () => {
    w = await openFlagsWorld();
    await w.store.rawInsertEvents(
      evIds.map((id, i) => storedRow(doc(id, new Date(start.getTime() + i * 1000)))),
    );
    const det = w.store.forTenant("acme").detection;
    // The engine's hourly tallies: 10 calls at this hour in each of the four weeks before, 412 now.
    const tallies = [1, 2, 3, 4].map((wk) => ({
      series: "actor",
      key: "alice",
      hour: new Date(start.getTime() - wk * 168 * HOUR),
      value: 10,
    }));
    tallies.push({ series: "actor", key: "alice", hour: start, value: 412 });
    const [f] = await w.seedFlags("acme", [
      {
        start,
        end: new Date(start.getTime() + HOUR),
        evidence: [...evIds, "01900000-0000-7000-8000-00000000dead"],
      },
    ]);
    flagId = f?.id ?? "";
    const cur = await det.getCursor();
    await det.commitEvaluation({
      expectVersion: cur?.version ?? null,
      cursor: { watermark: NOW, state: {}, backfilledFrom: null },
      tallies,
      seen: [],
      flags: [],
      history: [],
      now: NOW,
    });
    await w.seedFlags("acme", [{ severity: "low", status: "resolved" }, { severity: "critical" }]);
  });
  afterAll(async () => w?.close());

  it("shows evidence with payloads to an analyst and without them to an admin, each read audited", async () => {
    w.audited.length = 0;
    const full = await getFlag({ ctx: await w.ctxAs("security_analyst"), input: { id: flagId } });
    expect(full.payload).toBe(true);
    expect(full.evidence.map((e) => e.id)).toEqual(evIds);
    expect(full.missing).toEqual(["01900000-0000-7000-8000-00000000dead"]);
    expect(full.evidence[0]?.arguments).toEqual({ path: "/srv/secret.txt" });

    const bare = await getFlag({ ctx: await w.ctxAs("admin"), input: { id: flagId } });
    expect(bare.payload).toBe(false);
    expect(bare.evidence).toHaveLength(2);
    const text = JSON.stringify(bare.evidence);
    expect(text).not.toContain("secret.txt");
    expect(text).not.toContain("payroll");
    expect(bare.evidence[0]?.error).toEqual({ type: "tool_error" });
    expect(w.audited.map((a) => a.action.action)).toEqual(["flag.open_payload", "flag.open"]);
  });

  it("charts the observed series against the median of the same hour in earlier weeks", async () => {
    const d = await getFlag({ ctx: await w.ctxAs("auditor"), input: { id: flagId } });
    expect(d.seriesKind).toBe("actor");
    const at = d.series.find((p) => p.hour === start.toISOString());
    expect(at).toEqual({ hour: start.toISOString(), observed: 412, baseline: 10 });
    const before = d.series.find((p) => p.hour === new Date(start.getTime() - HOUR).toISOString());
    expect(before).toEqual({
      hour: new Date(start.getTime() - HOUR).toISOString(),
      observed: 0,
      baseline: 0,
    });
    expect(d.series.every((p) => Date.parse(p.hour) < NOW.getTime() + HOUR)).toBe(true);
  });

  it("carries the history of triage steps", async () => {
    await acknowledgeFlag({ ctx: await w.ctxAs("owner"), input: { id: flagId, note: "on it" } });
    const d = await getFlag({ ctx: await w.ctxAs("compliance_officer"), input: { id: flagId } });
    expect(d.history.map((h) => [h.action, h.details])).toEqual([
      ["acknowledged", { note: "on it" }],
    ]);
  });

  it("refuses viewers the flag and another tenant's owner finds nothing", async () => {
    expect(
      hasCode(
        await getFlag({ ctx: await w.ctxAs("viewer"), input: { id: flagId } }).catch((e) => e),
        "forbidden",
      ),
    ).toBe(true);
    expect(
      hasCode(
        await getFlag({ ctx: await w.ctxAs("owner", "globex"), input: { id: flagId } }).catch(
          (e) => e,
        ),
        "not-found",
      ),
    ).toBe(true);
  });

  it("counts per severity and status for every role, viewers included", async () => {
    for (const role of ROLES) {
      const c = await countFlags({ ctx: await w.ctxAs(role) });
      expect(c.byStatus).toEqual({ open: 1, acknowledged: 1, resolved: 1 });
      expect(c.unresolvedBySeverity).toEqual({ low: 0, medium: 0, high: 1, critical: 1 });
    }
    const g = await countFlags({ ctx: await w.ctxAs("owner", "globex") });
    expect(g.byStatus).toEqual({ open: 0, acknowledged: 0, resolved: 0 });
  });
});
