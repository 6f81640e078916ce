import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import { volumeSpike } from "./volume-spike";

/**
 * Which hours a spike is judged against: the subject's active hours (not its nights), and the
 * same hour of the day before three weeks of history exist.
 */

const H = 3_600_000;
const DAY = 24 * H;
const MONDAY = Date.UTC(2026, 1, 2); // Monday 00:00 UTC

/**
 * Two weeks of office hours: weekdays 09:00-17:00, 10 to 30 calls an hour (median 17, MAD 7),
 * nothing at night or at weekends: the median over all hours is 0.
 */
function officeHours() {
  const s = stream("h");
  for (let d = 14; d >= 1; d--) {
    const day = MONDAY - d * DAY;
    if (new Date(day).getUTCDay() % 6 === 0) continue;
    for (let h = 9; h < 17; h++) {
      const n = 10 + (((d * 8 + h) * 7) % 21);
      s.burst(day + h * H + 60_000, n, { tool: "read_file" }, 60_000);
    }
  }
  return s.build();
}

const calls = (at: number, n: number) =>
  stream("s")
    .burst(at + 60_000, n, { tool: "read_file" }, 5_000)
    .build();

const actorFlags = (out: ReturnType<typeof runRule>) =>
  foldFindings(out.findings).filter((f) => f.subject.kind === "actor");

describe("volume_spike baselines", () => {
  const office = officeHours();

  it("judges an office-hours person against the hours they work, not against their nights", () => {
    // 45 calls on a Monday at 14:00: far above 0, but within 6 spreads of a working hour's 17 (MAD 7).
    expect(
      actorFlags(runRule(volumeSpike, { history: office, events: calls(MONDAY + 14 * H, 45) })),
    ).toEqual([]);
    const [f] = actorFlags(
      runRule(volumeSpike, { history: office, events: calls(MONDAY + 14 * H, 200) }),
    );
    expect(f?.baseline).toMatchObject({ median: 17, mad: 7, weekly: 0 });
    expect(f?.sentence).toContain("its hours with activity have a median of 17 (MAD 7)");
  });

  it("the same count at night is far above that hour of the day and still needs the active-hours bar", () => {
    // 03:00 has a median of 0, but 45 calls are not far above the 17 of the hours the person works:
    // volume is this rule's question; the hour itself is off_hours'.
    expect(
      actorFlags(runRule(volumeSpike, { history: office, events: calls(MONDAY + 3 * H, 45) })),
    ).toEqual([]);
    expect(
      actorFlags(runRule(volumeSpike, { history: office, events: calls(MONDAY + 3 * H, 120) })),
    ).toHaveLength(1);
  });

  it("a job busy at the same hour every day is no spike at that hour, but is at another", () => {
    // Five calls every hour, and a nightly job of 200 at 02:00, for 14 days.
    const nightly = stream("h")
      .hourly(MONDAY - 14 * DAY, 14 * 24, (h) => (h % 24 === 2 ? 200 : 5), { tool: "read_file" })
      .build();
    expect(
      actorFlags(runRule(volumeSpike, { history: nightly, events: calls(MONDAY + 2 * H, 210) })),
    ).toEqual([]);
    // Without the seasonal baseline only the active hours (median 5) are left: it fires.
    const flat = runRule(volumeSpike, {
      history: nightly,
      events: calls(MONDAY + 2 * H, 210),
      params: { seasonal: false },
    });
    expect(actorFlags(flat)).toHaveLength(1);
    const [f] = actorFlags(
      runRule(volumeSpike, { history: nightly, events: calls(MONDAY + 14 * H, 210) }),
    );
    expect(f?.baseline).toMatchObject({ median: 5, hourMedian: 5, weekly: 0 });
  });
});
