import { describe, expect, it } from "vitest";
import { parseHiddenColumns } from "./explorer-columns";
import { parseSort, parseView, sortParams, toEventFilter, viewQuery } from "./filters";
import { sortingLinks } from "./sort-links";

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

describe("sort in the URL", () => {
  it("parses sort and dir, defaulting to newest first and each key's natural direction", () => {
    expect(parseSort({})).toEqual({ ok: true, value: { sort: "time", dir: "desc" } });
    expect(parseSort({ sort: "duration_ms" })).toEqual({
      ok: true,
      value: { sort: "duration_ms", dir: "desc" },
    });
    expect(parseSort({ sort: "actor" })).toEqual({
      ok: true,
      value: { sort: "actor", dir: "asc" },
    });
    expect(parseSort({ sort: "tool", dir: "desc" })).toEqual({
      ok: true,
      value: { sort: "tool", dir: "desc" },
    });
    // The older spelling of the time direction still works.
    expect(parseSort({ order: "asc" })).toEqual({ ok: true, value: { sort: "time", dir: "asc" } });
    expect(parseSort({ sort: "doc" })).toMatchObject({ ok: false, message: /sort must be one of/ });
    expect(parseSort({ dir: "up" })).toMatchObject({
      ok: false,
      message: "dir must be asc or desc",
    });
  });

  it("round-trips through the query string and leaves the default out", () => {
    for (const s of [
      { sort: "time", dir: "asc" },
      { sort: "redactions", dir: "asc" },
      { sort: "classification", dir: "desc" },
    ] as const) {
      const q = new URLSearchParams(
        Object.entries(sortParams(s)).filter((e): e is [string, string] => e[1] !== null),
      );
      expect(parseSort(Object.fromEntries(q))).toEqual({ ok: true, value: s });
    }
    expect(sortParams({ sort: "time", dir: "desc" })).toEqual({
      sort: null,
      dir: null,
      order: null,
    });
  });

  it("links each sortable header to its sort, flipping the current one, from the first page", () => {
    const s = sortingLinks({ sort: "duration_ms", dir: "desc" }, (over) =>
      new URLSearchParams(
        Object.entries({ cursor: "abc", ...over }).filter(
          (e): e is [string, string] => e[1] !== null,
        ),
      ).toString(),
    );
    expect(s.column).toBe("duration");
    expect(s.links.duration).toBe("sort=duration_ms&dir=asc");
    expect(s.links.actor).toBe("sort=actor&dir=asc");
    expect(s.links.time).toBe("");
    expect(s.links.client).toBeUndefined();
  });
});

describe("hidden explorer columns", () => {
  it("accepts known column ids, in table order, and keeps one column visible", () => {
    expect(parseHiddenColumns("verdict, time ,verdict")).toEqual({
      ok: true,
      hidden: ["time", "verdict"],
    });
    expect(parseHiddenColumns("")).toEqual({ ok: true, hidden: [] });
    expect(parseHiddenColumns("time,doc")).toEqual({ ok: false, message: "unknown column: doc" });
    expect(parseHiddenColumns(null)).toMatchObject({ ok: false });
    expect(
      parseHiddenColumns(
        "time,actor,client,server,tool,outcome,verdict,classification,duration,redactions",
      ),
    ).toEqual({ ok: false, message: "keep at least one column visible" });
  });
});
