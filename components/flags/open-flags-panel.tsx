import Link from "next/link";
import { severitySeries } from "@/components/charts/series";
import { StackedBars } from "@/components/charts/stacked-bars";

const int = new Intl.NumberFormat("en-US");

/** The overview's flags: not yet resolved per severity, and open flags per day (last 30 days). */
export function OpenFlagsPanel({
  bySeverity,
  perDay,
  href,
}: {
  bySeverity: Record<string, number>;
  perDay: ({ t: number } & Record<string, number>)[];
  /** The Flags page, for roles that may read flags. */
  href: string | null;
}) {
  // Each day's bar and each severity lead to the Flags page filtered to them (UTC days).
  const hrefs: Record<string, string> = {};
  const legend: Record<string, string> = {};
  if (href) {
    for (const s of Object.keys(bySeverity)) legend[s] = `${href}?severity=${s}`;
    for (const d of perDay) {
      const day = new Date(d.t).toISOString().slice(0, 10);
      hrefs[String(d.t)] = `${href}?from=${day}&to=${day}`;
      for (const s of Object.keys(bySeverity))
        hrefs[`${d.t}|${s}`] = `${href}?severity=${s}&from=${day}&to=${day}`;
    }
  }
  return (
    <section className="panel" aria-label="Anomaly flags" data-testid="overview-flags">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2>Anomaly flags not yet resolved</h2>
        {href ? (
          <Link className="btn" href={href}>
            Flags →
          </Link>
        ) : null}
      </div>
      <div className="row">
        {Object.entries(bySeverity).map(([s, n]) => (
          <div key={s} className="kpi" data-severity={s}>
            <div className="kpi-label">{s}</div>
            <div className="kpi-value">{int.format(n)}</div>
          </div>
        ))}
      </div>
      <StackedBars
        data={perDay}
        series={severitySeries(Object.keys(bySeverity))}
        bucketSeconds={86_400}
        tz="utc"
        hrefs={hrefs}
        legendHrefs={legend}
        unit="open flags"
        height={180}
        label="Open flags per day, by severity"
      />
    </section>
  );
}
