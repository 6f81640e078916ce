import Link from "next/link";
import { StackedBars } from "@/components/charts/stacked-bars";

const SEVERITY_COLORS: Record<string, string> = {
  critical: "#b91c1c",
  high: "#e07b2e",
  medium: "#c7a008",
  low: "#6b7785",
};
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
  const hrefs: Record<string, string> = {};
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
        series={Object.keys(bySeverity).map((s) => ({
          key: s,
          label: s,
          color: SEVERITY_COLORS[s] ?? "#3156d3",
        }))}
        bucketSeconds={86_400}
        tz="utc"
        hrefs={hrefs}
        height={180}
        label="Open flags per day, by severity"
      />
    </section>
  );
}
