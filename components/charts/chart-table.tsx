import Link from "next/link";
import type { Series } from "./series";
import { bucketLabel } from "./time-format";

/**
 * The chart's numbers as a table inside a closed <details>: the alternative to the bars for
 * screen readers and for reading exact values. Buckets with nothing in them are left out; every
 * count that has a link in the chart has it here too.
 */
export function ChartTable({
  caption,
  data,
  series,
  tz,
  long,
  hrefs,
}: {
  caption: string;
  data: ({ t: number } & Record<string, number>)[];
  series: Series[];
  tz: "utc" | "local";
  long: boolean;
  hrefs: Record<string, string>;
}) {
  const int = new Intl.NumberFormat("en-US");
  const rows = data.filter((d) => series.some((s) => (d[s.key] ?? 0) > 0));
  return (
    <details data-testid="chart-table">
      <summary className="small">Show as table</summary>
      <div className="table-wrap" style={{ marginTop: 8, maxHeight: 360 }}>
        <table className="data">
          <caption className="small muted" style={{ textAlign: "left", padding: "6px 8px" }}>
            {caption}
            {tz === "utc" ? " (times in UTC)" : ""}; empty intervals left out
          </caption>
          <thead>
            <tr>
              <th scope="col">Interval from</th>
              {series.map((s) => (
                <th key={s.key} scope="col" className="num">
                  {s.label}
                </th>
              ))}
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => {
              const total = series.reduce((n, s) => n + (d[s.key] ?? 0), 0);
              const all = hrefs[String(d.t)];
              return (
                <tr key={d.t}>
                  <th scope="row" style={{ fontWeight: 400 }} suppressHydrationWarning>
                    {bucketLabel(d.t, tz, long)}
                  </th>
                  {series.map((s) => {
                    const v = d[s.key] ?? 0;
                    const href = hrefs[`${d.t}|${s.key}`];
                    return (
                      <td key={s.key} className="num">
                        {v > 0 && href ? <Link href={href}>{int.format(v)}</Link> : int.format(v)}
                      </td>
                    );
                  })}
                  <td className="num">
                    {all ? <Link href={all}>{int.format(total)}</Link> : int.format(total)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
