"use client";

import { useRef } from "react";
import {
  Bar,
  BarChart,
  type BarShapeProps,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { BarLink, useNoLayerTabStops } from "./bar-link";
import { ChartLegend } from "./chart-legend";
import { ChartTable } from "./chart-table";
import styles from "./charts.module.css";
import type { Series } from "./series";
import { bucketLabel } from "./time-format";

export type StackedBarsProps = {
  data: ({ t: number } & Record<string, number>)[];
  series: Series[];
  bucketSeconds: number;
  tz: "utc" | "local";
  /**
   * Links of a bucket (`<t>`) and of a bucket's series (`<t>|<key>`): each bar segment and each
   * table cell opens the events behind it.
   */
  hrefs: Record<string, string>;
  /** Links of a series over the whole range (by key): the legend's items. */
  legendHrefs?: Record<string, string>;
  /** What is counted, for the bars' accessible names ("calls", "flags"). */
  unit?: string;
  height?: number;
  label: string;
};

/**
 * Stacked bars with recharts, where every segment with something in it is an SVG link (a
 * custom `shape`: Tab reaches it, Enter opens it, focus draws an outline), a legend of links,
 * and the same numbers as a table. Segments are separated by a white stroke so that each one
 * meets the background, against which its colour has at least 3:1 contrast (colors.ts).
 */
export function StackedBars({
  data,
  series,
  bucketSeconds,
  tz,
  hrefs,
  legendHrefs,
  unit = "calls",
  height = 260,
  label,
}: StackedBarsProps) {
  const long = bucketSeconds >= 3600;
  const figure = useRef<HTMLElement>(null);
  useNoLayerTabStops(figure);
  const totals: Record<string, number> = {};
  for (const d of data)
    for (const s of series) totals[s.key] = (totals[s.key] ?? 0) + (d[s.key] ?? 0);
  const shapeOf = (s: Series) => (bar: BarShapeProps) => {
    const t = bar.payload?.t as number | undefined;
    const value = Number(bar.payload?.[s.key] ?? 0);
    const href = t === undefined ? undefined : (hrefs[`${t}|${s.key}`] ?? hrefs[String(t)]);
    const when = t === undefined ? "" : `${bucketLabel(t, tz, long)}${tz === "utc" ? " UTC" : ""}`;
    return (
      <BarLink bar={bar} series={s} href={href} name={`${value} ${s.label} ${unit} from ${when}`} />
    );
  };
  return (
    <figure ref={figure} className={styles.bars} aria-label={label} style={{ margin: 0 }}>
      <ChartLegend series={series} hrefs={legendHrefs} totals={totals} />
      <div style={{ width: "100%", height }}>
        <ResponsiveContainer>
          <BarChart
            data={data}
            margin={{ top: 4, right: 8, bottom: 0, left: -12 }}
            barCategoryGap={1}
            // The bars are links and the table holds the numbers: recharts' own keyboard layer
            // (arrow keys move a tooltip) would add a focus stop with nothing to open.
            accessibilityLayer={false}
          >
            <CartesianGrid stroke="#eef0f3" vertical={false} />
            <XAxis
              dataKey="t"
              tickFormatter={(t: number) => bucketLabel(t, tz, long)}
              tick={{ fontSize: 11, fill: "#5f6b7a" }}
              minTickGap={32}
              axisLine={{ stroke: "#e3e6eb" }}
              tickLine={false}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fontSize: 11, fill: "#5f6b7a" }}
              axisLine={false}
              tickLine={false}
            />
            <Tooltip
              labelFormatter={(t) =>
                `${bucketLabel(Number(t), tz, true)}${tz === "utc" ? " UTC" : ""}`
              }
              cursor={{ fill: "rgba(49, 86, 211, 0.06)" }}
              contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#e3e6eb" }}
            />
            {series.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stackId="a"
                fill={s.color}
                isAnimationActive={false}
                cursor="pointer"
                shape={shapeOf(s)}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ChartTable caption={label} data={data} series={series} tz={tz} long={long} hrefs={hrefs} />
    </figure>
  );
}
