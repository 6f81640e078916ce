import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import { bulkEgress } from "./bulk-egress";

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 1, 2, 14);
const MB = 1_000_000;

// Ten calls an hour of 0.3 to 0.5 MB each: hourly median 4 MB, MAD 0.5 MB.
function history(days: number) {
  const s = stream("h");
  for (let h = 0; h < days * 24; h++) {
    for (let i = 0; i < 10; i++) {
      s.at(NOW - days * DAY + h * H + i * 60_000, {
        resultBytes: (h % 3 === 0 ? 350_000 : 400_000) + (h % 2) * 50_000,
      });
    }
  }
  return s.build();
}

function egress(total: number, calls = 4) {
  return stream("x")
    .burst(NOW + 60_000, calls, { resultBytes: total / calls }, 30_000)
    .build();
}

describe("bulk_egress", () => {
  const hist = history(14);

  it("fires on bytes far above the actor's own hourly median, with the figures", () => {
    const [f] = foldFindings(
      runRule(bulkEgress, { history: hist, events: egress(40 * MB) }).findings,
    );
    expect(f).toMatchObject({
      groupKey: "bulk_egress|actor|alice",
      observed: { bytes: 40 * MB, calls: 4 },
      baseline: { days: 14, weekly: 0 },
    });
    expect(f?.baseline?.median).toBeGreaterThan(3.5 * MB);
    expect(f?.sentence).toMatch(
      /^alice received 40\.0 MB in 4 tool results between 14:00 and 15:00 UTC on 2026-02-02; over the last 14 days its hours with activity have a median of 4\.0 MB \(MAD 250\.0 kB\), and this hour of the day a median of 3\.5 MB \(MAD 0 B\)$/,
    );
  });

  it("the byte floor holds for a quiet actor: just below 10 MB is not flagged, 10 MB is", () => {
    const quiet = stream("h")
      .hourly(NOW - 14 * DAY, 14 * 24, 1, { resultBytes: 100 })
      .build();
    const below = runRule(bulkEgress, { history: quiet, events: egress(10 * MB - 4) });
    expect(below.findings).toEqual([]);
    expect(runRule(bulkEgress, { history: quiet, events: egress(10 * MB) }).findings).toHaveLength(
      1,
    );
  });

  it("three times the median is needed even above the floor and the z-score", () => {
    const big = stream("h")
      .hourly(NOW - 14 * DAY, 14 * 24, 1, { resultBytes: 5 * MB })
      .build();
    expect(runRule(bulkEgress, { history: big, events: egress(15 * MB - 4) }).findings).toEqual([]);
    expect(runRule(bulkEgress, { history: big, events: egress(15 * MB) }).findings).toHaveLength(1);
  });

  it("learning actors, internal events and allow-listed actors raise nothing", () => {
    expect(runRule(bulkEgress, { history: history(2), events: egress(900 * MB) }).findings).toEqual(
      [],
    );
    const internal = egress(900 * MB).map((e) => ({ ...e, internal: true }));
    expect(runRule(bulkEgress, { history: hist, events: internal }).findings).toEqual([]);
    const allowed = runRule(bulkEgress, {
      history: hist,
      events: egress(900 * MB),
      allow: ["alice"],
    });
    expect(allowed.findings).toEqual([]);
  });

  it("the same flags from per-minute windows and from one window", () => {
    const events = stream("x")
      .burst(NOW + 60_000, 60, { resultBytes: 2 * MB }, 50_000)
      .build();
    const perMinute = runRule(bulkEgress, { history: hist, events });
    const once = runRule(bulkEgress, { history: hist, events, windowMs: 2 * H });
    expect(perMinute.findings.length).toBeGreaterThan(1);
    expect(foldFindings(perMinute.findings)).toEqual(foldFindings(once.findings));
    // 120 MB against a 4 MB median: 30 times, ten times the ratio that flags, so high.
    expect(foldFindings(once.findings)[0]).toMatchObject({
      severity: "high",
      observed: { ratio: 30 },
    });
  });
});
