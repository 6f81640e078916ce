import { describe, expect, it } from "vitest";
import { hasCode } from "../../core/errors";
import { flagsQuery, parseFlagsView } from "./flags-view";

/** The Flags page's URL: what it accepts, what it refuses by name, and its links. */
describe("parseFlagsView", () => {
  it("reads repeated filters, days, page and order into the listFlags input", () => {
    const { view, input } = parseFlagsView({
      severity: ["high", "critical"],
      status: "open",
      rule: "volume_spike",
      subject: " alice ",
      from: "2026-12-01",
      to: "2026-12-02",
      page: "3",
      sort: "severity",
      order: "asc",
    });
    expect(input).toEqual({
      limit: 50,
      offset: 100,
      sort: "severity",
      order: "asc",
      severity: ["high", "critical"],
      status: ["open"],
      rule: ["volume_spike"],
      subject: "alice",
      from: new Date("2026-12-01T00:00:00Z"),
      to: new Date("2026-12-03T00:00:00Z"),
    });
    expect(flagsQuery(view, { page: "4" })).toBe(
      "?severity=high&severity=critical&rule=volume_spike&status=open&subject=alice&from=2026-12-01&to=2026-12-02&page=4&sort=severity&order=asc",
    );
    expect(flagsQuery(parseFlagsView({}).view)).toBe("");
  });

  it("refuses what it cannot use, naming the parameter", () => {
    for (const [params, message] of [
      [{ severity: "huge" }, /^severity: use one of low, medium, high, critical/],
      [{ rule: "warp" }, /^rule: /],
      [{ page: "0" }, /^page: /],
      [{ page: "x" }, /^page: use a page number/],
      [{ from: "yesterday" }, /^from: use a date as YYYY-MM-DD/],
      [{ to: "2026-13-45" }, /^to: is not a calendar date/],
      [{ sort: "random" }, /^sort: /],
    ] as const) {
      const err = (() => {
        try {
          parseFlagsView(params);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(hasCode(err, "invalid-input"), JSON.stringify(params)).toBe(true);
      expect(String((err as Error).message)).toMatch(message);
    }
  });
});
