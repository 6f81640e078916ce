import { describe, expect, it } from "vitest";
import { isBadRequestError } from "./bad-request";
import { parseHiddenColumns } from "./explorer-columns";
import { limitView, parseSort, parseView, sortParams, toEventFilter, viewQuery } from "./filters";
import { sortingLinks } from "./sort-links";
import { bucketStarts, chartBucketSeconds, MAX_CHART_BUCKETS } from "./time-range";

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
        outcome: ["denied"],
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

  it("reads the search box as the query language, a mistake as a 400 naming its column", () => {
    const v = parseView({ q: "tool:read_* -outcome:ok" }, now);
    const f = toEventFilter(v);
    expect(f.text).toBeUndefined();
    expect(f.query).toEqual({
      kind: "and",
      nodes: [
        { kind: "match", field: "tool", op: "prefix", value: "read_" },
        { kind: "not", node: { kind: "match", field: "outcome", op: "eq", value: "ok" } },
      ],
    });
    // The link of the view carries the query as typed.
    expect(new URLSearchParams(viewQuery(v)).get("q")).toBe("tool:read_* -outcome:ok");
    let refusal: unknown;
    try {
      parseView({ q: "outcome:ok tool: x" }, now);
    } catch (err) {
      refusal = err;
    }
    expect(isBadRequestError(refusal)).toBe(true);
    expect((refusal as Error).message).toBe(
      'q (search): column 17: expected a value after "tool:"',
    );
  });

  it("keeps field terms for roles without payload access and drops searches of arguments", () => {
    const asked = (q: string) => limitView(parseView({ q }, now), false).text;
    expect(asked("tool:read_file -actor:bob")).toBe("tool:read_file -actor:bob");
    expect(asked("tool:read_file secret")).toBe("");
    expect(asked("args.path:/etc/passwd")).toBe("");
    expect(limitView(parseView({ q: "secret" }, now), true).text).toBe("secret");
  });

  it("refuses what does not parse with a message saying what is accepted", () => {
    const refused = (p: Record<string, string | string[]>) => {
      try {
        parseView(p, now);
      } catch (err) {
        expect(isBadRequestError(err)).toBe(true);
        return (err as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(p)}`);
    };
    const times = /must be a date or date and time from 1970-01-01 to 9999-12-31/;
    expect(refused({ range: "custom", from: "yesterday", to: "2026-01-01" })).toMatch(times);
    expect(refused({ range: "custom", from: "0000-01-01T00:00:00Z", to: "2026-01-01" })).toMatch(
      /^from must be a date/,
    );
    expect(refused({ range: "custom", from: "2026-01-01", to: "+010000-01-01T00:00:00Z" })).toMatch(
      /^to must be a date/,
    );
    expect(refused({ range: "custom", from: "-271821-04-20T00:00:00Z", to: "2026-01-01" })).toMatch(
      times,
    );
    // Calendar-checked: not rolled over into March.
    expect(refused({ from: "2026-02-30", to: "2026-03-02" })).toMatch(times);
    expect(refused({ range: "custom", from: "2026-01-02", to: "2026-01-01" })).toBe(
      "from must be before to",
    );
    expect(refused({ range: "custom", from: "2026-01-01" })).toMatch(/needs both from and to/);
    expect(refused({ range: "custom", from: "2200-01-01", to: "2300-01-01" })).toMatch(
      /no event can be in this range: events are stored with times from 2000-01-01/,
    );
    expect(refused({ range: "5y" })).toBe("range must be one of 1h, 24h, 7d, 30d or custom");
    // Not a key of the prototype either.
    expect(refused({ range: "constructor" })).toMatch(/^range must be one of/);
    expect(refused({ outcome: ["denied", "bogus"] })).toMatch(/^outcome must be one of ok, error/);
    expect(refused({ tz: "mars" })).toBe("tz must be utc or local");
    expect(refused({ tool: Array.from({ length: 21 }, (_, i) => `t${i}`).join(",") })).toBe(
      "tool: at most 20 values",
    );
    expect(refused({ actor: "a".repeat(513) })).toMatch(/at most 512 characters/);
    expect(refused({ q: "x".repeat(201) })).toMatch(/at most 200 characters/);
  });

  it("refuses control characters and unpaired surrogates in every filter", () => {
    for (const key of ["server", "tool", "actor", "client", "outcome", "q", "range", "tz"]) {
      for (const [bad, named] of [
        ["a\u0000b", "U+0000"],
        ["\u001b[31m", "U+001B"],
        ["x\u009b", "U+009B"],
        ["\ud800x", "unpaired surrogate"],
        ["\tleading tab", "U+0009"],
        ["trailing line feed\n", "U+000A"],
      ] as const) {
        const message = (() => {
          try {
            parseView({ [key]: bad }, now);
            return "accepted";
          } catch (err) {
            return (err as Error).message;
          }
        })();
        expect(message.startsWith(`${key} contains`) && message.includes(named), message).toBe(
          true,
        );
      }
    }
    // Well-formed text of any script, emoji included, is a filter like any other.
    expect(parseView({ actor: "Zoë 🦊 名前" }, now).values.actor).toEqual(["Zoë 🦊 名前"]);
  });

  it("narrows a ten-thousand-year range to the times events can have, in at most 72 bars", () => {
    const v = parseView(
      { range: "custom", from: "1970-01-01T00:00:00Z", to: "9999-12-31T00:00:00Z" },
      now,
    );
    expect(v.range).toBe("custom");
    expect(v.clamped).toBe(true);
    expect(v.from.toISOString()).toBe("2000-01-01T00:00:00.000Z");
    // Now + 24 h (the contract's future bound), up to a whole hour.
    expect(v.to.toISOString()).toBe("2026-03-02T11:00:00.000Z");
    expect(v.bucketSeconds % 86_400).toBe(0);
    const bars = bucketStarts(v.from, v.to, v.bucketSeconds).length;
    expect(bars).toBeGreaterThan(MAX_CHART_BUCKETS / 2);
    expect(bars).toBeLessThanOrEqual(MAX_CHART_BUCKETS + 1);
    // Links keep the narrowed window.
    expect(viewQuery(v)).toContain("from=2000-01-01T00%3A00%3A00.000Z");
    const inside = parseView({ range: "custom", from: "2026-02-01", to: "2026-02-02" }, now);
    expect(inside.clamped).toBe(false);
  });
});

describe("chart buckets", () => {
  it("stay within MAX_CHART_BUCKETS (+1 for an unaligned start) for any span", () => {
    const spans = [60, 3599, 3600, 86_400, 7 * 86_400, 30 * 86_400, 400 * 86_400];
    for (let s = 86_400; s < 40 * 365 * 86_400; s = Math.ceil(s * 1.7)) spans.push(s);
    for (const span of spans) {
      const seconds = chartBucketSeconds(span);
      const from = new Date(Date.UTC(2001, 4, 7, 13, 17));
      const to = new Date(from.getTime() + span * 1000);
      expect(bucketStarts(from, to, seconds).length, `span ${span}`).toBeLessThanOrEqual(
        MAX_CHART_BUCKETS + 1,
      );
    }
  });

  it("refuses to enumerate more buckets than a chart holds", () => {
    expect(() => bucketStarts(new Date(0), new Date(Date.UTC(9999, 0, 1)), 30 * 86_400)).toThrow(
      /buckets/,
    );
  });
});

describe("sort in the URL", () => {
  it("parses sort and dir, defaulting to newest first and each key's natural direction", () => {
    expect(parseSort({})).toEqual({ sort: "time", dir: "desc" });
    expect(parseSort({ sort: "duration_ms" })).toEqual({ sort: "duration_ms", dir: "desc" });
    expect(parseSort({ sort: "actor" })).toEqual({ sort: "actor", dir: "asc" });
    expect(parseSort({ sort: "tool", dir: "desc" })).toEqual({ sort: "tool", dir: "desc" });
    // The older spelling of the time direction still works.
    expect(parseSort({ order: "asc" })).toEqual({ sort: "time", dir: "asc" });
    expect(() => parseSort({ sort: "doc" })).toThrow(/sort must be one of/);
    expect(() => parseSort({ dir: "up" })).toThrow("dir must be asc or desc");
    expect(() => parseSort({ sort: "time\u0000" })).toThrow(/U\+0000/);
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
      expect(parseSort(Object.fromEntries(q))).toEqual(s);
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
