import { describe, expect, it } from "vitest";
import { type ChFragment, chsql } from "../../clickhouse/binder";
import { ROLLUP_COLUMNS_V4, rollupSelectV4 } from "../../clickhouse/migrations/0004_hourly_rollups";
import { durationsSelectV5 } from "../../clickhouse/migrations/0005_duration_histogram";
import { EVENTS_BY_ACTOR_COLUMNS_V6 } from "../../clickhouse/migrations/0006_events_by_actor";
import { ROLLUP_NAMES } from "../rollups";
import { chDurationBucket } from "./ch-duration-bucket";
import { EVENTS_BY_ACTOR_COLUMNS } from "./ch-raw-source";
import { durationsSelect, rollupSelect } from "./ch-rollups";

/** A fragment's SQL with its bound values in place, to compare two builders' output. */
function text(f: ChFragment): string {
  return f.strings
    .map((s, i) => {
      const v = f.values[i];
      if (v === undefined) return s;
      if (typeof v === "object" && v !== null && "strings" in v) return s + text(v);
      return s + JSON.stringify(v);
    })
    .join("");
}

// Migrations are frozen copies; the store's live definitions must still describe the tables
// they created. When one of these fails, the live code changed: write a migration for it.
describe("live ClickHouse definitions match the frozen migrations", () => {
  const from = chsql(["events FINAL"]);
  const where = chsql`tenant_id = ${"t"}`;

  it("rollups (migration 4)", () => {
    expect([...ROLLUP_NAMES].sort()).toEqual(Object.keys(ROLLUP_COLUMNS_V4).sort());
    for (const name of ROLLUP_NAMES) {
      expect(text(rollupSelect(name, from))).toBe(text(rollupSelectV4(name, from)));
      expect(text(rollupSelect(name, from, where))).toBe(text(rollupSelectV4(name, from, where)));
    }
  });

  it("duration histogram and its bucket (migration 5)", () => {
    expect(text(durationsSelect(from, where))).toBe(text(durationsSelectV5(from, where)));
    expect(text(durationsSelectV5(from))).toContain(chDurationBucket("assumeNotNull(duration_ms)"));
  });

  it("events_by_actor (migration 6)", () => {
    expect([...EVENTS_BY_ACTOR_COLUMNS]).toEqual(EVENTS_BY_ACTOR_COLUMNS_V6.map(([n]) => n));
  });
});
