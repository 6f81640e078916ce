import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { memoryBaselines } from "../testing/memory-baselines";
import { foldFindings, runRule } from "../testing/run-rule";
import { volumeSpike } from "./volume-spike";

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 1, 2, 14); // Monday 14:00 UTC
// 8..12 calls an hour: median 10, MAD 1, so the bar is max(10 + 6 × 1.48, 3 × 10, 20) = 30.
const noisy = (h: number) => 10 + (h % 5) - 2;

function history(
  days: number,
  perHour: number | ((h: number) => number) = noisy,
  tool = "read_file",
) {
  return stream("h")
    .hourly(NOW - days * DAY, days * 24, perHour, { tool })
    .build();
}

function spike(calls: number, template = {}) {
  return stream("s")
    .burst(NOW + 60_000, calls, { tool: "read_file", ...template }, 5_000)
    .build();
}

function actorFlags(out: ReturnType<typeof runRule>) {
  return foldFindings(out.findings).filter((f) => f.subject.kind === "actor");
}

describe("volume_spike", () => {
  const hist = history(14);

  it("fires at 3 × the median, not one call below, with the figures and the sentence", () => {
    expect(actorFlags(runRule(volumeSpike, { history: hist, events: spike(29) }))).toEqual([]);
    const [f] = actorFlags(runRule(volumeSpike, { history: hist, events: spike(30) }));
    expect(f).toMatchObject({
      groupKey: "volume_spike|actor|alice",
      severity: "medium",
      start: NOW,
      end: NOW + H,
      observed: { calls: 30, ratio: 3 },
      baseline: { median: 10, mad: 1, days: 14, hourMedian: 10, hourMad: 1, weekly: 0 },
    });
    expect(f?.sentence).toBe(
      "alice made 30 calls between 14:00 and 15:00 UTC on 2026-02-02; over the last 14 days its hours with activity have a median of 10 (MAD 1), and this hour of the day a median of 10 (MAD 1)",
    );
    // the hour's first 20 events, then the one that crossed the bar (the 30th) and any after it
    expect(f?.evidence).toEqual([...Array.from({ length: 20 }, (_, i) => `s${i + 1}`), "s30"]);
  });

  it("flags the actor and tool pair with its own series", () => {
    const events = spike(40, { tool: "delete_file" });
    const hist2 = [...hist, ...history(14, (h) => (h % 3 === 0 ? 1 : 0), "delete_file")];
    const pair = foldFindings(runRule(volumeSpike, { history: hist2, events }).findings).find(
      (f) => f.subject.kind === "actor_tool",
    );
    expect(pair?.groupKey).toBe("volume_spike|actor_tool|alice\u001fdelete_file");
    expect(pair?.sentence).toMatch(/^alice called delete_file 40 times between 14:00 and 15:00/);
    expect(pair?.baseline).toMatchObject({ median: 1, mad: 0, hourMedian: 1, hourMad: 0 });
  });

  it("a quiet actor needs the minimum volume: 19 calls are not a spike, 20 are", () => {
    const quiet = history(14, (h) => (h % 4 === 0 ? 1 : 0));
    expect(actorFlags(runRule(volumeSpike, { history: quiet, events: spike(19) }))).toEqual([]);
    expect(actorFlags(runRule(volumeSpike, { history: quiet, events: spike(20) }))).toHaveLength(1);
  });

  it("a subject with less than minHistoryDays of history is learning", () => {
    const young = history(2.9);
    expect(runRule(volumeSpike, { history: young, events: spike(500) }).findings).toEqual([]);
    expect(
      actorFlags(runRule(volumeSpike, { history: history(3), events: spike(500) })),
    ).toHaveLength(1);
    // never seen before at all: learning too
    expect(runRule(volumeSpike, { events: spike(500) }).findings).toEqual([]);
  });

  it("compares with the same hour of the week once three weeks exist", () => {
    // Mondays 14:00 (hour 0 of the history) are busy (100 calls), every other hour 10: 120 is normal for this hour.
    const weekly = (h: number) => (h % 168 === 0 ? 100 : 10);
    const hist3 = stream("h")
      .hourly(NOW - 21 * DAY, 21 * 24, weekly, { tool: "read_file" })
      .build();
    const seasonal = { baselineDays: 21 };
    expect(
      runRule(volumeSpike, { history: hist3, events: spike(120), params: seasonal }).findings,
    ).toEqual([]);
    const flat = runRule(volumeSpike, {
      history: hist3,
      events: spike(120),
      params: { ...seasonal, seasonal: false },
    });
    expect(actorFlags(flat)[0]?.baseline).toEqual({ median: 10, mad: 0, days: 21 });
    const [f] = actorFlags(
      runRule(volumeSpike, { history: hist3, events: spike(400), params: seasonal }),
    );
    expect(f?.baseline).toMatchObject({ median: 10, hourMedian: 100, weekly: 1 });
    expect(f?.sentence).toContain(
      "over the last 21 days its hours with activity have a median of 10 (MAD 0), and this hour of the week a median of 100 (MAD 0)",
    );
  });

  it("one episode per subject and hour whatever the windows; the next hour starts afresh", () => {
    const events = [
      ...spike(90),
      ...stream("n")
        .burst(NOW + H + 60_000, 45, { tool: "read_file" }, 10_000)
        .build(),
    ].sort((a, b) => a.time - b.time);
    const perMinute = runRule(volumeSpike, { history: hist, events });
    const once = runRule(volumeSpike, { history: hist, events, windowMs: 3 * H });
    const odd = runRule(volumeSpike, { history: hist, events, windowMs: 17 * 60_000 });
    expect(perMinute.findings.length).toBeGreaterThan(2);
    expect(foldFindings(perMinute.findings)).toEqual(foldFindings(once.findings));
    expect(foldFindings(odd.findings)).toEqual(foldFindings(once.findings));
    // two hours, one group key: the engine folds them; the per-hour findings say 90 then 45
    const actorHours = once.findings.filter((f) => f.subject.kind === "actor");
    expect(actorHours.map((f) => [f.start, f.observed.calls])).toEqual([
      [NOW, 90],
      [NOW + H, 45],
    ]);
  });

  it("evidence: at most 100 ids per hour, the same whatever the windows", () => {
    const events = spike(300);
    const perMinute = foldFindings(runRule(volumeSpike, { history: hist, events }).findings);
    const once = foldFindings(
      runRule(volumeSpike, { history: hist, events, windowMs: H }).findings,
    );
    expect(perMinute.map((f) => f.evidence.length)).toEqual([100, 100]);
    expect(perMinute).toEqual(once);
  });

  it("a long window counts its own earlier hours into the baseline", () => {
    // Two busy hours in a row: in one 3-hour window the second hour's baseline includes the first.
    const events = stream("s").hourly(NOW, 2, 60, { tool: "read_file" }).build();
    const perMinute = foldFindings(runRule(volumeSpike, { history: hist, events }).findings);
    const once = foldFindings(
      runRule(volumeSpike, { history: hist, events, windowMs: 3 * H }).findings,
    );
    expect(once).toEqual(perMinute);
  });

  it("skips internal events and allow-listed actors, and keeps only the current hour in state", () => {
    const internal = spike(300, { internal: true });
    expect(runRule(volumeSpike, { history: hist, events: internal }).findings).toEqual([]);
    expect(
      runRule(volumeSpike, { history: hist, events: spike(300), allow: ["alice"] }).findings,
    ).toEqual([]);
    const out = runRule(volumeSpike, { history: hist, events: spike(5), to: NOW + 2 * H });
    expect(out.state).toEqual({ hours: {} });
  });

  it("reads a subject's history once per hour, not once per window", () => {
    const events = spike(60);
    const base = memoryBaselines(hist, { before: NOW, learningSince: NOW - 14 * DAY });
    const reads: string[] = [];
    const baselines = {
      ...base,
      hourly: (...a: Parameters<typeof base.hourly>) => {
        reads.push(a[1]);
        return base.hourly(...a);
      },
    };
    const params = volumeSpike.params.parse({});
    let state = volumeSpike.initialState();
    let fired = 0;
    for (let w = NOW; w < NOW + H; w += 60_000) {
      const window = { from: w, to: w + 60_000 };
      const inWindow = events.filter((e) => e.time >= w && e.time < w + 60_000);
      const out = volumeSpike.evaluate({
        events: inWindow,
        state,
        params,
        allow: new Set(),
        baselines,
        window,
      });
      fired += out.findings.length;
      state = JSON.parse(JSON.stringify(out.state));
    }
    expect(fired).toBeGreaterThan(2);
    // alice and alice·read_file, each read once when its count first reached the floor
    expect(reads.sort()).toEqual(["alice", "alice\u001fread_file"]);
  });

  it("documents and validates its parameters", () => {
    expect(volumeSpike.params.parse({})).toEqual({
      baselineDays: 14,
      minHistoryDays: 3,
      minVolume: 20,
      threshold: 6,
      minRatio: 3,
      seasonal: true,
    });
    expect(volumeSpike.params.safeParse({ baselineDays: 29 }).success).toBe(false);
  });
});
