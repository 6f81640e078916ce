import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { foldFindings, runRule } from "../testing/run-rule";
import type { DetectEvent } from "../types";
import { telemetryGap } from "./telemetry-gap";

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 1, 2, 14);

// A week of alice sending through key-1 every minute (60 an hour) and key-2 ten times an hour,
// both to server files.
const history = stream("h")
  .hourly(NOW - 7 * DAY, 7 * 24, 60, { ingestKeyId: "key-1" })
  .hourly(NOW - 7 * DAY, 7 * 24, 10, { ingestKeyId: "key-2" })
  .build();

/**
 * key-1 sends every minute for `minutes` from NOW, then stops (and resumes `resumeAfter` minutes
 * after its last event, every minute again); alice goes on through key-2 every minute.
 */
function gap(minutes: number, resumeAfter: number | null = null, until = 90): DetectEvent[] {
  const s = stream().burst(NOW, minutes, { ingestKeyId: "key-1" }, MIN);
  s.burst(NOW + 30_000, until, { ingestKeyId: "key-2" }, MIN);
  if (resumeAfter !== null) {
    const back = NOW + (minutes - 1 + resumeAfter) * MIN;
    s.burst(back, Math.max(1, until - (back - NOW) / MIN), { ingestKeyId: "key-1" }, MIN);
  }
  return s.build();
}

const keys = (fs: ReturnType<typeof foldFindings>) => fs.map((f) => f.groupKey);

describe("telemetry_gap", () => {
  it("a steady key silent for 30 minutes while its actor goes on through another key", () => {
    const out = runRule(telemetryGap, { history, events: gap(10) });
    const folded = foldFindings(out.findings);
    expect(keys(folded)).toEqual(["telemetry_gap|ingest_key|key-1"]);
    const f = folded[0];
    expect(f).toMatchObject({
      severity: "high",
      start: NOW + 9 * MIN,
      end: NOW + 90 * MIN,
      observed: { silentMinutes: 81, silent: 1 },
      baseline: { medianHourly: 60, activeShare: 1, silentMinutes: 30 },
    });
    expect(f?.sentence).toBe(
      "Ingest key key-1 has sent nothing since 14:09 UTC (81 minutes) while alice stayed active through other ingest keys; it sent a median of 60 events an hour over the previous 7 days",
    );
    expect(f?.evidence[0]).toBe("e10");
    // first raised when the silence reached 30 minutes
    expect(out.findings[0]?.end).toBe(NOW + 39 * MIN);
  });

  it("29 minutes of silence are not a gap; 30 are, and the flag ends when the key resumes", () => {
    expect(runRule(telemetryGap, { history, events: gap(10, 29) }).findings).toEqual([]);
    const [f] = foldFindings(runRule(telemetryGap, { history, events: gap(10, 30) }).findings);
    expect(f).toMatchObject({
      start: NOW + 9 * MIN,
      end: NOW + 39 * MIN,
      observed: { silentMinutes: 30 },
    });
    expect(f?.sentence).toContain("sent nothing from 14:09 to 14:39 UTC (30 minutes)");
  });

  it("no flag when everything goes quiet (a holiday, not a gap)", () => {
    const events = stream().burst(NOW, 10, { ingestKeyId: "key-1" }, MIN).build();
    expect(runRule(telemetryGap, { history, events, to: NOW + 2 * H }).findings).toEqual([]);
  });

  it("no flag for sources that were not steady: too few events an hour, or idle hours", () => {
    const sparse = stream("h")
      .hourly(NOW - 7 * DAY, 7 * 24, 29, { ingestKeyId: "key-1" })
      .hourly(NOW - 7 * DAY, 7 * 24, 10, { ingestKeyId: "key-2" })
      .build();
    expect(runRule(telemetryGap, { history: sparse, events: gap(10) }).findings).toEqual([]);
    const daytime = stream("h")
      .hourly(NOW - 7 * DAY, 7 * 24, (h) => (h % 24 < 12 ? 60 : 0), { ingestKeyId: "key-1" })
      .hourly(NOW - 7 * DAY, 7 * 24, 10, { ingestKeyId: "key-2" })
      .build();
    expect(runRule(telemetryGap, { history: daytime, events: gap(10) }).findings).toEqual([]);
  });

  it("a collapse: a full hour under 10% of the median, but not zero", () => {
    const volume = (n: number) =>
      stream()
        .burst(NOW, n, { ingestKeyId: "key-1" }, Math.floor(H / n))
        .burst(NOW + 30_000, 60, { ingestKeyId: "key-2" }, MIN)
        .build();
    const [f] = foldFindings(
      runRule(telemetryGap, { history, events: volume(5), to: NOW + H }).findings,
    );
    expect(f).toMatchObject({
      groupKey: "telemetry_gap|ingest_key|key-1",
      severity: "medium",
      start: NOW,
      end: NOW + H,
      observed: { events: 5, collapse: 1 },
    });
    expect(f?.sentence).toBe(
      "Ingest key key-1 sent 5 events between 14:00 and 15:00 UTC on 2026-02-02, under 10% of its hourly median of 60 over the previous 7 days (last event at 14:48 UTC)",
    );
    expect(runRule(telemetryGap, { history, events: volume(6), to: NOW + H }).findings).toEqual([]);
  });

  it("allow-listed sources and internal events raise nothing; internal events are not activity", () => {
    expect(runRule(telemetryGap, { history, events: gap(10), allow: ["key-1"] }).findings).toEqual(
      [],
    );
    const internalElsewhere = gap(10).map((e) =>
      e.ingestKeyId === "key-2" && e.time > NOW + 8 * MIN ? { ...e, internal: true } : e,
    );
    expect(runRule(telemetryGap, { history, events: internalElsewhere }).findings).toEqual([]);
  });

  it("the same flags per minute, per hour and in odd windows", () => {
    const events = [
      ...gap(10, 45, 150),
      ...stream("x")
        .burst(NOW + 100 * MIN, 3, { ingestKeyId: "key-2", server: "mail" })
        .build(),
    ].sort((a, b) => a.time - b.time);
    const perMinute = foldFindings(runRule(telemetryGap, { history, events }).findings);
    const hourly = foldFindings(runRule(telemetryGap, { history, events, windowMs: H }).findings);
    const odd = foldFindings(
      runRule(telemetryGap, { history, events, windowMs: 13 * MIN + 7_000 }).findings,
    );
    expect(keys(perMinute)).toEqual(["telemetry_gap|ingest_key|key-1"]);
    expect(hourly).toEqual(perMinute);
    expect(odd).toEqual(perMinute);
  });

  it("state forgets sources silent for more than 7 days and stays JSON", () => {
    const out = runRule(telemetryGap, {
      history,
      events: gap(10),
      to: NOW + 8 * DAY,
      windowMs: 6 * H,
    });
    expect(out.state).toEqual({ sources: {}, actors: {} });
    const mid = runRule(telemetryGap, { history, events: gap(10) });
    expect(Object.keys(mid.state.sources).sort()).toEqual([
      "ingest_key|key-1",
      "ingest_key|key-2",
      "server|files",
    ]);
    expect(mid.state.actors.alice?.sources).toHaveLength(3);
  });
});
