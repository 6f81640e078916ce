import { describe, expect, it } from "vitest";
import {
  onlyViewParam,
  savedViewParam,
  stateFromParams,
  stateParams,
  stateQuery,
  stateView,
} from "./saved-view-state";

const now = new Date("2026-03-01T12:34:56Z");
const params = (q: string) => Object.fromEntries(new URLSearchParams(q));

describe("saved view state", () => {
  it("turns explorer addresses into states and back into the same addresses", () => {
    for (const q of [
      "range=24h",
      "range=7d&tz=local&server=a%2Cb&tool=read_file&outcome=error%2Cdenied&q=-tool%3Aread_*&activity=all&sort=duration_ms&dir=asc&size=200",
      "range=custom&from=2026-02-01T10%3A00%3A00.000Z&to=2026-02-02T10%3A00%3A00.000Z&activity=dashboard&sort=actor&dir=asc",
      "range=1h&q=%22quoted+phrase%22+OR+actor%3Abob&size=25",
    ]) {
      const state = stateFromParams(params(q), [], now);
      expect(stateQuery(state)).toBe(new URLSearchParams(q).toString());
      expect(stateFromParams(stateParams(state), [], now)).toEqual(state);
    }
  });

  it("keeps a relative range relative and an absolute one absolute", () => {
    const rel = stateFromParams(params("range=24h"), [], now);
    expect(rel).toMatchObject({ range: "24h" });
    expect(rel).not.toHaveProperty("from");
    // Opened a day later, it ends a day later.
    const later = stateView(rel, new Date(now.getTime() + 86_400_000));
    expect(later.to.getTime() - stateView(rel, now).to.getTime()).toBe(86_400_000);
    const abs = stateFromParams(params("from=2026-02-01&to=2026-02-03"), [], now);
    expect(abs).toMatchObject({
      range: "custom",
      from: "2026-02-01T00:00:00.000Z",
      to: "2026-02-03T00:00:00.000Z",
    });
    expect(stateView(abs, new Date("2030-01-01")).from.toISOString()).toBe(abs.from);
  });

  it("keeps the columns in the table's order and drops the cursor", () => {
    const s = stateFromParams(params("cursor=abc&view=v_x"), ["redactions", "client"], now);
    expect(s.hidden).toEqual(["client", "redactions"]);
    expect(stateQuery(s)).toBe("range=24h");
  });

  it("refuses what the explorer refuses, and view ids that are not ids", () => {
    expect(() => stateFromParams(params("range=2d"), [], now)).toThrow(/range must be one of/);
    expect(() => stateFromParams(params("size=7"), [], now)).toThrow(/size must be one of/);
    expect(() => stateFromParams(params("q=tool%3A"), [], now)).toThrow(/column 6/);
    expect(savedViewParam({ view: "v_abc-_9" })).toBe("v_abc-_9");
    expect(savedViewParam({})).toBeUndefined();
    for (const bad of ["abc", "v_", "v_a/b", "v_<x>", `v_${"a".repeat(65)}`])
      expect(() => savedViewParam({ view: bad })).toThrow("view must be a saved view's id");
    expect(onlyViewParam({ view: "v_a" })).toBe(true);
    expect(onlyViewParam({ view: "v_a", range: "1h" })).toBe(false);
    expect(onlyViewParam({ range: "1h" })).toBe(false);
  });
});
