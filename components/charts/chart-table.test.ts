import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FlagChart } from "@/components/flags/flag-chart";
import { ChartLegend } from "./chart-legend";
import { ChartTable } from "./chart-table";
import { outcomeSeries } from "./series";

const T0 = Date.parse("2026-12-03T10:00:00Z");
const HOUR = 3_600_000;
const data = [
  { t: T0, ok: 3, error: 1 },
  { t: T0 + HOUR, ok: 0, error: 0 },
  { t: T0 + 2 * HOUR, ok: 5, error: 0 },
];
const series = outcomeSeries(["ok", "error"]);

describe("a chart's table and legend", () => {
  it("has the chart's numbers per interval and series, with the bars' links, empty intervals left out", () => {
    const html = renderToStaticMarkup(
      createElement(ChartTable, {
        caption: "Calls",
        data,
        series,
        tz: "utc",
        long: true,
        hrefs: { [String(T0)]: "/x?all", [`${T0}|ok`]: "/x?ok", [`${T0}|error`]: "/x?error" },
      }),
    );
    const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) =>
      (m[1] ?? "").replace(/<[^>]+>/g, "|").replace(/\|+/g, "|"),
    );
    expect(rows).toEqual([
      "|Interval from|ok|error|Total|",
      "|3 Dec, 10:00|3|1|4|",
      "|3 Dec, 12:00|5|0|5|",
    ]);
    expect(html).toContain('<a href="/x?ok">3</a>');
    expect(html).toContain('<a href="/x?error">1</a>');
    expect(html).toContain('<a href="/x?all">4</a>');
    expect(html).toContain("<summary");
    expect(html).toContain("Show as table");
  });

  it("makes every legend item a link with its series' total", () => {
    const html = renderToStaticMarkup(
      createElement(ChartLegend, {
        series,
        hrefs: { ok: "/e?outcome=ok", error: "/e?outcome=error" },
        totals: { ok: 8, error: 1 },
      }),
    );
    expect(html.match(/<a /g)).toHaveLength(2);
    expect(html).toMatch(/<a href="\/e\?outcome=ok">.*ok.*8.*<\/a>/);
    expect(html).toContain("background:#2f9e6b");
  });

  it("gives the flag chart a table of its hours, with no baseline shown as –", () => {
    const html = renderToStaticMarkup(
      createElement(FlagChart, {
        points: [
          { t: T0, observed: 12, baseline: 2.25 },
          { t: T0 + HOUR, observed: 40, baseline: null },
        ],
        episode: { from: T0 + HOUR, to: T0 + HOUR },
        unit: "calls",
      }),
    );
    expect(html).toContain("Show as table");
    expect(html).toMatch(/12<\/td><td class="num">2\.3<\/td><td><\/td>/);
    expect(html).toMatch(/40<\/td><td class="num">–<\/td><td>yes<\/td>/);
  });
});
