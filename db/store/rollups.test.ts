import { describe, expect, it } from "vitest";
import { pickRollup } from "./rollups";

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
