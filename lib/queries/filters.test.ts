import { describe, expect, it } from "vitest";
import { parseView, toEventFilter, viewQuery } from "./filters";

describe("view state in the URL", () => {
  const now = new Date("2026-03-01T10:07:00.000Z");

  it("defaults to the last 24 h aligned to whole buckets", () => {
    const v = parseView({}, now);
    expect(v.range).toBe("24h");
    expect(v.to.toISOString()).toBe("2026-03-01T10:30:00.000Z");
    expect(v.to.getTime() - v.from.getTime()).toBe(86_400_000);
    expect(v.bucketSeconds).toBe(1800);
  });

  it("round-trips filters, search, zone and a custom UTC window through the query string", () => {
    const v = parseView(
      {
        range: "custom",
        from: "2026-02-01T00:00",
        to: "2026-02-02T00:00",
        tz: "local",
        tool: "read,write",
        outcome: ["denied", "bogus"],
        q: " needle ",
      },
      now,
    );
    expect(v.from.toISOString()).toBe("2026-02-01T00:00:00.000Z");
    expect(v.values.tool).toEqual(["read", "write"]);
    expect(v.values.outcome).toEqual(["denied"]);
    const again = parseView(Object.fromEntries(new URLSearchParams(viewQuery(v))), now);
    expect(toEventFilter(again)).toEqual(toEventFilter(v));
    expect(again.tz).toBe("local");
    expect(toEventFilter(v)).toMatchObject({
      tool: ["read", "write"],
      outcome: ["denied"],
      text: "needle",
    });
  });

  it("ignores what does not parse instead of failing", () => {
    const v = parseView({ range: "custom", from: "yesterday", to: "2026-01-01" }, now);
    expect(v.range).toBe("24h");
    expect(parseView({ range: "5y" }, now).range).toBe("24h");
  });
});
