import { describe, expect, it } from "vitest";
import type { EventTemplate } from "../testing/events";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import { offHours } from "./off-hours";

const H = 3_600_000;
const DAY = 24 * H;
const MONDAY = Date.UTC(2026, 1, 2); // Monday 00:00 UTC

/** `days` days before MONDAY of office hours: weekdays 09:00-17:00, ten calls an hour. */
function officeHours(days: number, template: EventTemplate = {}) {
  const s = stream("h");
  for (let d = 0; d < days; d++) {
    const day = MONDAY - (days - d) * DAY;
    if (new Date(day).getUTCDay() % 6 === 0) continue; // Saturday, Sunday
    for (let h = 9; h < 17; h++) s.burst(day + h * H, 10, template, 60_000);
  }
  return s.build();
}

const calls = (at: number, n: number, template: EventTemplate = {}) =>
  stream().burst(at, n, template, 60_000).build();

describe("off_hours", () => {
  const hist = officeHours(28);

  it("is opt-in", () => {
    expect(offHours.enabledByDefault).toBe(false);
  });

  it("fires at minCalls in an hour of the week the person never works, not one below", () => {
    expect(runRule(offHours, { history: hist, events: calls(MONDAY + 3 * H, 4) }).findings).toEqual(
      [],
    );
    const [f] = foldFindings(
      runRule(offHours, { history: hist, events: calls(MONDAY + 3 * H, 5) }).findings,
    );
    expect(f).toMatchObject({
      groupKey: "off_hours|actor|alice",
      observed: { calls: 5 },
      baseline: { activePeriods: 0, periods: 4, weekly: 1 },
      start: MONDAY + 3 * H,
    });
    expect(f?.sentence).toBe(
      "alice made 5 calls between 03:00 and 04:00 UTC on 2026-02-02, an hour of the week in which they were active on 0 of the last 4 weeks (counting 1 h either side)",
    );
  });

  it("the usual hours raise nothing, however busy; Saturday morning is off hours by the week", () => {
    expect(
      runRule(offHours, { history: hist, events: calls(MONDAY + 10 * H, 50) }).findings,
    ).toEqual([]);
    const saturday = MONDAY - 2 * DAY + 10 * H;
    const out = runRule(offHours, { history: officeHours(23), events: calls(saturday, 6) });
    expect(foldFindings(out.findings)[0]?.baseline).toMatchObject({ activePeriods: 0, weekly: 1 });
  });

  it("before two weeks it learns the hour of the day, so Saturday 10:00 is a working hour", () => {
    const short = officeHours(10);
    // Saturday 10:00 after 8 days of history: by the day, 10:00 was worked on 6 of 8 days.
    const saturday = MONDAY - 2 * DAY + 10 * H;
    const before = short.filter((e) => e.time < saturday);
    expect(runRule(offHours, { history: before, events: calls(saturday, 20) }).findings).toEqual(
      [],
    );
    const night = foldFindings(
      runRule(offHours, { history: short, events: calls(MONDAY + 2 * H, 5) }).findings,
    );
    expect(night[0]?.baseline).toMatchObject({ activePeriods: 0, periods: 10, weekly: 0 });
    expect(night[0]?.sentence).toContain(
      "an hour of the day in which they were active on 0 of the last 10 days (counting 1 h either side)",
    );
  });

  it("an hour worked on one of four weeks is usual at the default share, quiet at 0.25", () => {
    const once = [...hist, ...calls(MONDAY - 7 * DAY + 3 * H, 3)].sort((a, b) => a.time - b.time);
    const events = calls(MONDAY + 3 * H, 8);
    expect(runRule(offHours, { history: once, events }).findings).toEqual([]);
    const strict = runRule(offHours, { history: once, events, params: { quietShare: 0.25 } });
    expect(foldFindings(strict.findings)[0]?.baseline).toMatchObject({
      activePeriods: 1,
      periods: 4,
    });
  });

  it("an hour next to the usual ones is not off hours; two hours away is", () => {
    // Office hours start at 09:00: 08:00 is starting early, 07:00 is not next to any worked hour.
    expect(
      runRule(offHours, { history: hist, events: calls(MONDAY + 8 * H, 20) }).findings,
    ).toEqual([]);
    expect(
      foldFindings(runRule(offHours, { history: hist, events: calls(MONDAY + 7 * H, 5) }).findings),
    ).toHaveLength(1);
    // Without neighbours, 08:00 is judged alone: never worked, so quiet.
    const alone = runRule(offHours, {
      history: hist,
      events: calls(MONDAY + 8 * H, 5),
      params: { neighbourHours: 0 },
    });
    expect(foldFindings(alone.findings)[0]?.baseline).toMatchObject({ activePeriods: 0 });
  });

  it("by the day, an hour worked once is one of the person's hours unless quietShare allows it", () => {
    // Ten days of office hours, and one late evening at 02:00 four days ago.
    const short = [...officeHours(10), ...calls(MONDAY - 4 * DAY + 2 * H, 6)].sort(
      (a, b) => a.time - b.time,
    );
    const events = calls(MONDAY + 2 * H, 8);
    expect(runRule(offHours, { history: short, events }).findings).toEqual([]);
    const tolerant = runRule(offHours, { history: short, events, params: { quietShare: 0.1 } });
    expect(foldFindings(tolerant.findings)[0]?.baseline).toMatchObject({
      activePeriods: 1,
      periods: 10,
      weekly: 0,
    });
    // 04:00 is two hours from that evening's 02:00 and far from office hours: quiet.
    expect(
      foldFindings(
        runRule(offHours, { history: short, events: calls(MONDAY + 4 * H, 8) }).findings,
      ),
    ).toHaveLength(1);
  });

  it("agents, services, learning people, allow-listed and internal events raise nothing", () => {
    const agentHist = officeHours(28, { actorType: "agent" });
    const night = MONDAY + 3 * H;
    expect(
      runRule(offHours, { history: agentHist, events: calls(night, 30, { actorType: "agent" }) })
        .findings,
    ).toEqual([]);
    expect(
      runRule(offHours, { history: officeHours(6), events: calls(night, 30) }).findings,
    ).toEqual([]);
    expect(
      runRule(offHours, { history: hist, events: calls(night, 30), allow: ["alice"] }).findings,
    ).toEqual([]);
    expect(
      runRule(offHours, { history: hist, events: calls(night, 30, { internal: true }) }).findings,
    ).toEqual([]);
  });

  it("one episode per hour whatever the windows, and state keeps only the current hour", () => {
    const events = [...calls(MONDAY + 3 * H, 40), ...calls(MONDAY + 4 * H + 30 * 60_000, 20)];
    const perMinute = runRule(offHours, { history: hist, events });
    const once = runRule(offHours, { history: hist, events, windowMs: 3 * H });
    const odd = runRule(offHours, { history: hist, events, windowMs: 11 * 60_000 });
    expect(perMinute.findings.length).toBeGreaterThan(2);
    expect(foldFindings(perMinute.findings)).toEqual(foldFindings(once.findings));
    expect(foldFindings(odd.findings)).toEqual(foldFindings(once.findings));
    expect(once.findings.map((f) => f.observed.calls)).toEqual([40, 20]);
    const later = runRule(offHours, { history: hist, events, to: MONDAY + 8 * H, windowMs: H });
    expect(later.state).toEqual({ hours: {} });
  });
});
