import { describe, expect, it } from "vitest";
import { parseActivity } from "./activity";
import { BadRequestError } from "./bad-request";
import { parseView, toEventFilter, viewQuery, windowQuery } from "./filters";

const now = new Date("2026-03-10T12:00:00Z");

describe("the activity of a view", () => {
  it("is MCP traffic unless the URL asks for Tooltrail's own or both", () => {
    expect(parseView({}, now).activity).toBe("mcp");
    expect(parseView({ activity: "" }, now).activity).toBe("mcp");
    expect(parseView({ activity: "dashboard" }, now).activity).toBe("dashboard");
    expect(parseView({ activity: "all" }, now).activity).toBe("all");
  });

  it("refuses anything else, naming what is accepted", () => {
    expect(() => parseActivity("tooltrail")).toThrow(BadRequestError);
    expect(() => parseView({ activity: "ALL" }, now)).toThrow(
      /activity must be one of mcp, all, dashboard/,
    );
  });

  it("reaches the store filter; both is the store's unset activity", () => {
    expect(toEventFilter(parseView({}, now)).activity).toBe("mcp");
    expect(toEventFilter(parseView({ activity: "dashboard" }, now)).activity).toBe("dashboard");
    expect("activity" in toEventFilter(parseView({ activity: "all" }, now))).toBe(false);
  });

  it("is kept by every link built from the view, and the default leaves URLs as they were", () => {
    const own = parseView({ activity: "dashboard", tool: "x", q: "actor:bob" }, now);
    expect(new URLSearchParams(viewQuery(own)).get("activity")).toBe("dashboard");
    expect(new URLSearchParams(viewQuery(own, { cursor: "c" })).get("activity")).toBe("dashboard");
    const w = windowQuery(own, new Date("2026-03-10T10:00:00Z"), new Date("2026-03-10T11:00:00Z"));
    expect(new URLSearchParams(w).get("activity")).toBe("dashboard");
    expect(viewQuery(parseView({ tool: "x" }, now))).not.toContain("activity");
    expect(new URLSearchParams(viewQuery(own, { activity: null })).has("activity")).toBe(false);
  });
});
