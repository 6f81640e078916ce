import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import { denialBurst } from "./denial-burst";

const T0 = Date.UTC(2026, 0, 5, 14);
const MIN = 60_000;
const denied = { outcome: "denied" };

describe("burst mechanics (through denial_burst)", () => {
  it("fires at the threshold inside the sliding window, not one below", () => {
    const nine = stream().burst(T0, 9, denied, 30_000).build();
    expect(runRule(denialBurst, { events: nine }).findings).toEqual([]);
    const ten = stream().burst(T0, 10, denied, 30_000).build();
    const [f] = foldFindings(runRule(denialBurst, { events: ten }).findings);
    expect(f).toMatchObject({
      groupKey: "denial_burst|actor|alice",
      severity: "medium",
      observed: { events: 10, peak: 10 },
      baseline: { threshold: 10, windowMinutes: 5 },
      start: T0,
      end: T0 + 9 * 30_000,
    });
    expect(f?.evidence).toHaveLength(10);
    expect(f?.sentence).toBe(
      "alice was denied 10 times between 14:00 and 14:04 UTC (at most 10 within 5 minutes; the rule flags 10 within 5 minutes)",
    );
  });

  it("ten refusals spread wider than the window do not fire", () => {
    // 10 events 34 s apart span 5 min 6 s: never 10 within 5 minutes.
    const slow = stream().burst(T0, 10, denied, 34_000).build();
    expect(runRule(denialBurst, { events: slow }).findings).toEqual([]);
  });

  it("one episode while the refusals continue; a quiet window ends it and a new burst is needed", () => {
    const events = stream()
      .burst(T0, 30, denied, 10_000)
      .burst(T0 + 20 * MIN, 5, denied, 10_000) // after a quiet gap: below the threshold again
      .build();
    const folded = foldFindings(runRule(denialBurst, { events }).findings);
    expect(folded).toHaveLength(1);
    expect(folded[0]?.observed).toEqual({ events: 30, peak: 30 });
    expect(folded[0]?.severity).toBe("high");
  });

  it("per-minute windows, one long window and a JSON round trip give the same flags", () => {
    const events = stream()
      .burst(T0, 25, denied, 7_000)
      .burst(T0 + 2 * MIN, 12, { ...denied, actorId: "bob" }, 20_000)
      .burst(T0 + 30 * MIN, 11, denied, 1_000)
      .build();
    const perMinute = runRule(denialBurst, { events });
    const once = runRule(denialBurst, { events, windowMs: 3_600_000 });
    const odd = runRule(denialBurst, { events, windowMs: 7 * 60_000 + 13_000 });
    expect(perMinute.windows).toBeGreaterThan(30);
    expect(foldFindings(perMinute.findings)).toEqual(foldFindings(once.findings));
    expect(foldFindings(odd.findings)).toEqual(foldFindings(once.findings));
    expect(foldFindings(once.findings).map((f) => f.subject.key)).toEqual(["alice", "bob"]);
  });

  it("skips internal events and allow-listed actors", () => {
    const events = stream()
      .burst(T0, 20, { ...denied, internal: true })
      .burst(T0, 20, { ...denied, actorId: "svc" })
      .build();
    expect(runRule(denialBurst, { events, allow: ["svc"] }).findings).toEqual([]);
  });

  it("state is pruned once the window has passed", () => {
    const events = stream().burst(T0, 3, denied).build();
    const out = runRule(denialBurst, { events, to: T0 + 10 * MIN });
    expect(out.state).toEqual({ actors: {} });
  });

  it("refuses parameters out of range with zod", () => {
    expect(denialBurst.params.safeParse({ threshold: 1 }).success).toBe(false);
    expect(denialBurst.params.parse({})).toEqual({ threshold: 10, windowMinutes: 5 });
  });
});
