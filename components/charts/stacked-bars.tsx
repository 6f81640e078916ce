"use client";

import { useRouter } from "next/navigation";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type StackedBarsProps = {
  data: ({ t: number } & Record<string, number>)[];
  series: { key: string; label: string; color: string }[];
  bucketSeconds: number;
  tz: "utc" | "local";
  /** Explorer URL for a bucket (and series): each bar opens the events behind it. */
  hrefs: Record<string, string>;
  height?: number;
  label: string;
};

function fmt(t: number, tz: "utc" | "local", long: boolean): string {
  const d = new Date(t);
  const o: Intl.DateTimeFormatOptions = long
    ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }
    : { hour: "2-digit", minute: "2-digit" };
  return d.toLocaleString("en-GB", { ...o, ...(tz === "utc" ? { timeZone: "UTC" } : {}) });
}

export function StackedBars({
  data,
  series,
  bucketSeconds,
  tz,
  hrefs,
  height = 260,
  label,
}: StackedBarsProps) {
  const router = useRouter();
  const long = bucketSeconds >= 3600;
  return (
    <div style={{ width: "100%", height }} role="img" aria-label={label}>
      <ResponsiveContainer>
        <BarChart
          data={data}
          margin={{ top: 4, right: 8, bottom: 0, left: -12 }}
          barCategoryGap={1}
        >
          <CartesianGrid stroke="#eef0f3" vertical={false} />
          <XAxis
            dataKey="t"
            tickFormatter={(t: number) => fmt(t, tz, long)}
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
            labelFormatter={(t) => `${fmt(Number(t), tz, true)}${tz === "utc" ? " UTC" : ""}`}
            cursor={{ fill: "rgba(49, 86, 211, 0.06)" }}
            contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: "#e3e6eb" }}
          />
          <Legend iconType="square" iconSize={9} wrapperStyle={{ fontSize: 12 }} />
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              stackId="a"
              fill={s.color}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(d: { payload?: { t?: number } }) => {
                const t = d.payload?.t;
                const href =
                  t === undefined ? undefined : (hrefs[`${t}|${s.key}`] ?? hrefs[String(t)]);
                if (href) router.push(href);
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
