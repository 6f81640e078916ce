import { describe, expect, it } from "vitest";
import { DAY_MS, type Grain, grainsForBuckets, HOUR_MS, splitTiers, type TierPart } from "./tiers";

const day = Date.UTC(2026, 2, 10);
const ms = (d: number, h = 0, m = 0, s = 0, milli = 0) =>
  day + d * DAY_MS + h * HOUR_MS + m * 60_000 + s * 1000 + milli;

/** Every part is whole units of its grain, parts are in order, and they tile [from, to). */
function expectTiling(parts: TierPart[], from: number | null, to: number | null) {
  let at = from;
  for (const p of parts) {
    expect(p.from).toBe(at);
    if (p.source !== "raw") {
      const unit = p.source === "day" ? DAY_MS : HOUR_MS;
      if (p.from !== null) expect(p.from % unit).toBe(0);
      if (p.to !== null) expect(p.to % unit).toBe(0);
    }
    at = p.to;
  }
  expect(at).toBe(to);
}

describe("splitting a range into days, hours and raw edges", () => {
  const both: Grain[] = ["day", "hour"];

  it("takes whole days inside, whole hours around them, and only sub-hour edges raw", () => {
    const from = ms(0, 22, 17, 5, 123);
    const to = ms(3, 2, 59, 59, 999);
    const parts = splitTiers(from, to, both);
    expect(parts).toEqual([
      { source: "raw", from, to: ms(0, 23) },
      { source: "hour", from: ms(0, 23), to: ms(1) },
      { source: "day", from: ms(1), to: ms(3) },
      { source: "hour", from: ms(3), to: ms(3, 2) },
      { source: "raw", from: ms(3, 2), to },
    ]);
    expectTiling(parts, from, to);
  });

  it("reads an aligned range from rollups alone, and a short one from raw events alone", () => {
    expect(splitTiers(ms(0), ms(2), both)).toEqual([{ source: "day", from: ms(0), to: ms(2) }]);
    expect(splitTiers(ms(0, 5), ms(0, 9), both)).toEqual([
      { source: "hour", from: ms(0, 5), to: ms(0, 9) },
    ]);
    expect(splitTiers(ms(0, 5, 1), ms(0, 5, 59), both)).toEqual([
      { source: "raw", from: ms(0, 5, 1), to: ms(0, 5, 59) },
    ]);
    // Crosses an hour boundary without a whole hour inside: raw only, nothing double-counted.
    expect(splitTiers(ms(0, 5, 30), ms(0, 6, 30), both)).toEqual([
      { source: "raw", from: ms(0, 5, 30), to: ms(0, 6, 30) },
    ]);
  });

  it("gives nothing for an empty or reversed range", () => {
    expect(splitTiers(ms(1), ms(1), both)).toEqual([]);
    expect(splitTiers(ms(2), ms(1), both)).toEqual([]);
  });

  it("keeps open ends open: every whole unit on that side is in the range", () => {
    expect(splitTiers(null, null, both)).toEqual([{ source: "day", from: null, to: null }]);
    expect(splitTiers(ms(0, 1, 0, 0, 1), null, both)).toEqual([
      { source: "raw", from: ms(0, 1, 0, 0, 1), to: ms(0, 2) },
      { source: "hour", from: ms(0, 2), to: ms(1) },
      { source: "day", from: ms(1), to: null },
    ]);
    expect(splitTiers(null, ms(4, 0, 0, 0, 1), ["hour"])).toEqual([
      { source: "hour", from: null, to: ms(4) },
      { source: "raw", from: ms(4), to: ms(4, 0, 0, 0, 1) },
    ]);
    expect(splitTiers(null, ms(4), [])).toEqual([{ source: "raw", from: null, to: ms(4) }]);
  });

  it("uses only the grains allowed", () => {
    const from = ms(0, 3, 10);
    const to = ms(2, 4, 10);
    expect(splitTiers(from, to, ["hour"]).map((p) => p.source)).toEqual(["raw", "hour", "raw"]);
    expect(splitTiers(from, to, ["day"])).toEqual([
      { source: "raw", from, to: ms(1) },
      { source: "day", from: ms(1), to: ms(2) },
      { source: "raw", from: ms(2), to },
    ]);
    expect(splitTiers(from, to, [])).toEqual([{ source: "raw", from, to }]);
  });

  it("tiles any range exactly, for thousands of random ranges", () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 5000; i++) {
      const from = day + Math.floor(rand() * 40 * DAY_MS);
      const to = from + Math.floor(rand() * rand() * 40 * DAY_MS);
      for (const grains of [both, ["hour"], ["day"], []] as Grain[][])
        expectTiling(
          splitTiers(from, to, grains),
          from === to ? null : from,
          from === to ? null : to,
        );
    }
  });

  it("lets a series read a grain only when its rows fit in one bucket", () => {
    expect(grainsForBuckets(["day", "hour"], 1800)).toEqual([]);
    expect(grainsForBuckets(["day", "hour"], 3 * 3600)).toEqual(["hour"]);
    expect(grainsForBuckets(["day", "hour"], 43_200)).toEqual(["hour"]);
    expect(grainsForBuckets(["day", "hour"], 2 * 86_400)).toEqual(["day", "hour"]);
    expect(grainsForBuckets(["day", "hour"])).toEqual(["day", "hour"]);
  });
});
