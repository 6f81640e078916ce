import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import { HOUR } from "../../detect/stats";
import { closeIncident } from "./close-incident";
import { escalateToIncident } from "./escalate-to-incident";
import { type FlagsWorld, NOW, openFlagsWorld } from "./flags-fixture";
import { getIncident } from "./get-incident";
import { incidentClock } from "./incident-clock";
import { listIncidents } from "./list-incidents";
import { markAuthorityNotified } from "./notify-authority";

/** Escalation and the GDPR Art. 33 clock on a real store, every step audited. */
describe("incidents (PGlite)", () => {
  let w: FlagsWorld;
  beforeAll(async () => {
    w = await openFlagsWorld();
  });
  afterAll(async () => w?.close());
  const err = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e,
    );

  it("opens an incident detected at the earliest flag, aware now, as severe as the worst flag", async () => {
    const early = new Date(NOW.getTime() - 30 * HOUR);
    const [a, b] = await w.seedFlags("acme", [
      { severity: "medium", firstSeen: early, start: early },
      { severity: "critical" },
    ]);
    const ids = [a?.id ?? "", b?.id ?? ""];
    const ctx = await w.ctxAs("security_analyst");
    w.audited.length = 0;
    const inc = await escalateToIncident({
      ctx,
      input: { flagIds: ids, title: "Possible exfiltration" },
    });
    expect(inc).toMatchObject({
      severity: "critical",
      detectedAt: early,
      awareAt: NOW,
      status: "open",
    });
    expect((await ctx.data.detection.getFlag(ids[0] ?? ""))?.incidentId).toBe(inc.id);
    expect(w.audited.map((x) => x.action.action)).toEqual(["incident.created", "flag.escalated"]);

    const got = await getIncident({ ctx: await w.ctxAs("auditor"), input: { id: inc.id } });
    expect(got.flags.map((f) => f.id).sort()).toEqual([...ids].sort());
    expect(got.incident.clock).toEqual({
      deadline: new Date(NOW.getTime() + 72 * HOUR),
      remainingMs: 72 * HOUR,
      state: "running",
    });
    expect((await listIncidents({ ctx })).map((i) => i.id)).toContain(inc.id);
    const globex = await w.ctxAs("owner", "globex");
    expect(
      hasCode(await err(getIncident({ ctx: globex, input: { id: inc.id } })), "not-found"),
    ).toBe(true);
    expect(await listIncidents({ ctx: globex })).toEqual([]);
    expect(
      hasCode(
        await err(closeIncident({ ctx: globex, input: { id: inc.id, note: "n" } })),
        "not-found",
      ),
    ).toBe(true);

    // Another flag joins the same incident.
    const [c] = await w.seedFlags("acme", [{}]);
    await escalateToIncident({ ctx, input: { flagIds: [c?.id ?? ""], incidentId: inc.id } });
    expect((await ctx.data.detection.flagsOfIncident(inc.id)).length).toBe(3);

    await markAuthorityNotified({ ctx, input: { id: inc.id } });
    expect(
      hasCode(await err(markAuthorityNotified({ ctx, input: { id: inc.id } })), "conflict"),
    ).toBe(true);
    const closed = await closeIncident({
      ctx,
      input: { id: inc.id, note: "contained, keys rotated" },
    });
    expect(closed).toMatchObject({ status: "closed", closedAt: NOW });
    expect(
      hasCode(
        await err(
          escalateToIncident({ ctx, input: { flagIds: [c?.id ?? ""], incidentId: inc.id } }),
        ),
        "conflict",
      ),
    ).toBe(true);
    expect(w.audited.map((x) => x.action.action)).toContain("incident.authority_notified");
    expect(w.audited.map((x) => x.action.action)).toContain("incident.closed");
  });

  it("refuses awareness in the future, no flags, another tenant's flag and roles that do not triage", async () => {
    const [f] = await w.seedFlags("acme", [{}]);
    const [g] = await w.seedFlags("globex", [{}]);
    const ctx = await w.ctxAs("owner");
    w.audited.length = 0;
    expect(
      String(
        await err(
          escalateToIncident({
            ctx,
            input: { flagIds: [f?.id ?? ""], awareAt: new Date(NOW.getTime() + HOUR) },
          }),
        ),
      ),
    ).toMatch(/cannot be in the future/);
    expect(
      hasCode(await err(escalateToIncident({ ctx, input: { flagIds: [] } })), "invalid-input"),
    ).toBe(true);
    expect(
      hasCode(
        await err(escalateToIncident({ ctx, input: { flagIds: [g?.id ?? ""] } })),
        "not-found",
      ),
    ).toBe(true);
    for (const role of ROLES.filter((r) => r !== "owner" && r !== "security_analyst"))
      expect(
        hasCode(
          await err(
            escalateToIncident({ ctx: await w.ctxAs(role), input: { flagIds: [f?.id ?? ""] } }),
          ),
          "forbidden",
        ),
        role,
      ).toBe(true);
    expect(hasCode(await err(listIncidents({ ctx: await w.ctxAs("viewer") })), "forbidden")).toBe(
      true,
    );
    expect(w.audited).toEqual([]);
    expect(await w.store.forTenant("acme").detection.listIncidents()).toHaveLength(1);
  });

  it("the clock runs from awareness, turns overdue after 72 hours and stops when notified", () => {
    const base = {
      id: "i",
      title: "t",
      severity: "high",
      status: "open" as const,
      detectedAt: NOW,
      awareAt: NOW,
      notifiedAuthorityAt: null,
      note: "",
      createdBy: "u",
      createdAt: NOW,
      closedAt: null,
    };
    expect(incidentClock(base, new Date(NOW.getTime() + 71 * HOUR)).state).toBe("running");
    expect(incidentClock(base, new Date(NOW.getTime() + 73 * HOUR))).toMatchObject({
      state: "overdue",
      remainingMs: -HOUR,
    });
    expect(
      incidentClock(
        { ...base, notifiedAuthorityAt: new Date(NOW.getTime() + 10 * HOUR) },
        new Date(NOW.getTime() + 99 * HOUR),
      ),
    ).toMatchObject({ state: "notified", remainingMs: 62 * HOUR });
    expect(
      incidentClock({ ...base, notifiedAuthorityAt: new Date(NOW.getTime() + 80 * HOUR) }, NOW)
        .state,
    ).toBe("notified_late");
  });
});
