import { describe, expect, it } from "vitest";
import { pickRollup, planTiers } from "./rollups";

const hour = Date.UTC(2026, 0, 1, 10);

describe("choosing a rollup for a count", () => {
  it("takes the narrowest rollup that holds every filtered and grouped dimension", () => {
    expect(pickRollup({ outcome: ["denied"] }, ["policy"], 3600)).toBe("rollup_hourly");
    expect(pickRollup({ outcome: ["denied"] }, ["actor"])).toBe("rollup_hourly_actors");
    expect(pickRollup({ client: ["Cursor"] }, ["agent"])).toBe("rollup_hourly_clients");
    // No rollup keeps actors with servers: raw events answer.
    expect(pickRollup({ server: ["github"] }, ["actor"])).toBeNull();
    expect(pickRollup({}, [], 86_400)).toBe("rollup_hourly");
  });

  it("falls back to raw events for partial hours, sub-hour buckets and correlation filters", () => {
    expect(pickRollup({ from: new Date(hour), to: new Date(hour + 3_600_000) }, [])).toBe(
      "rollup_hourly",
    );
    expect(pickRollup({ from: new Date(hour + 60_000) }, [])).toBeNull();
    expect(pickRollup({ to: new Date(hour + 1) }, [])).toBeNull();
    expect(pickRollup({}, ["outcome"], 900)).toBeNull();
    expect(pickRollup({ session: "s-1" }, [])).toBeNull();
    expect(pickRollup({ trace: "t" }, ["tool"])).toBeNull();
    expect(pickRollup({ conversation: "c" }, [])).toBeNull();
    expect(pickRollup({ text: "read" }, [])).toBeNull();
  });
});

describe("planning a tiered read", () => {
  const both = ["day", "hour"] as const;
  const catalog = [
    { family: "outcomes", grains: both },
    { family: "controls", grains: both },
    { family: "actors", grains: both },
  ] as const;
  const from = new Date(Date.UTC(2026, 0, 1, 10, 30));
  const to = new Date(Date.UTC(2026, 0, 9, 5, 15));

  it("takes the first family with every filtered and grouped dimension", () => {
    expect(planTiers({ from, to }, ["outcome"], catalog).family).toBe("outcomes");
    expect(planTiers({ from, to, outcome: ["denied"] }, ["policy"], catalog).family).toBe(
      "outcomes",
    );
    expect(planTiers({ from, to, tool: ["t"] }, ["outcome"], catalog).family).toBe("controls");
    expect(planTiers({ from, to, outcome: ["ok"] }, ["actor"], catalog).family).toBe("actors");
    const parts = planTiers({ from, to }, ["tool"], catalog).parts;
    expect(parts.map((p) => p.source)).toEqual(["raw", "hour", "day", "hour", "raw"]);
  });

  it("reads raw events alone when no family fits, a filter is not a dimension, or no hour is whole", () => {
    const raw = [{ source: "raw", from: from.getTime(), to: to.getTime() }];
    expect(planTiers({ from, to, server: ["s"] }, ["actor"], catalog)).toEqual({
      family: null,
      parts: raw,
    });
    expect(planTiers({ from, to, text: "x" }, [], catalog)).toEqual({ family: null, parts: raw });
    expect(planTiers({ from, to, session: "s" }, [], catalog).family).toBeNull();
    const short = { from, to: new Date(from.getTime() + 40 * 60_000) };
    expect(planTiers(short, [], catalog).family).toBeNull();
    expect(planTiers({ from, to: from }, [], catalog)).toEqual({ family: null, parts: [] });
  });

  it("keeps a series to grains whose rows fit in its buckets", () => {
    const sources = (s: number) =>
      planTiers({ from, to }, ["outcome"], catalog, s).parts.map((p) => p.source);
    expect(sources(1800)).toEqual(["raw"]);
    expect(sources(3 * 3600)).toEqual(["raw", "hour", "raw"]);
    expect(sources(86_400)).toEqual(["raw", "hour", "day", "hour", "raw"]);
  });
});
