"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export type FlagChartPoint = { t: number; observed: number; baseline: number | null };

function fmt(t: number): string {
  return new Date(t).toLocaleString("en-GB", {
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "UTC",
  });
}

/** The flag's subject hour by hour against what its own history predicts, the episode shaded. */
export function FlagChart({
  points,
  episode,
  unit,
}: {
  points: FlagChartPoint[];
  episode: { from: number; to: number };
  unit: string;
}) {
  const num = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });
  return (
    <figure style={{ margin: 0 }} aria-label={`${unit} per hour against the baseline`}>
      <div style={{ width: "100%", height: 260 }} aria-hidden="true" data-testid="flag-chart">
        <ResponsiveContainer>
          <LineChart data={points} margin={{ top: 4, right: 8, bottom: 0, left: -8 }}>
            <CartesianGrid stroke="#eef0f3" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              domain={["dataMin", "dataMax"]}
              tickFormatter={fmt}
              tick={{ fontSize: 11, fill: "#5f6b7a" }}
              minTickGap={40}
              tickLine={false}
            />
            <YAxis tick={{ fontSize: 11, fill: "#5f6b7a" }} axisLine={false} tickLine={false} />
            <Tooltip
              labelFormatter={(t) => `${fmt(Number(t))} UTC`}
              contentStyle={{ fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <ReferenceArea x1={episode.from} x2={episode.to} fill="rgba(220, 38, 38, 0.08)" />
            <Line
              dataKey="observed"
              name={`Observed (${unit})`}
              stroke="#dc2626"
              dot={false}
              isAnimationActive={false}
            />
            <Line
              dataKey="baseline"
              name="Baseline (same hour, earlier weeks)"
              stroke="#3156d3"
              strokeDasharray="4 3"
              dot={false}
              connectNulls={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      {/* The chart's alternative: the same hours as a table (the chart itself is hidden from AT). */}
      <details data-testid="chart-table">
        <summary className="small">Show as table</summary>
        <div className="table-wrap" style={{ marginTop: 8, maxHeight: 360 }}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Hour (UTC)</th>
                <th scope="col" className="num">
                  Observed ({unit})
                </th>
                <th scope="col" className="num">
                  Baseline
                </th>
                <th scope="col">In the episode</th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.t}>
                  <th scope="row" style={{ fontWeight: 400 }}>
                    {fmt(p.t)}
                  </th>
                  <td className="num">{num.format(p.observed)}</td>
                  <td className="num">{p.baseline === null ? "–" : num.format(p.baseline)}</td>
                  <td>{p.t >= episode.from && p.t <= episode.to ? "yes" : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
