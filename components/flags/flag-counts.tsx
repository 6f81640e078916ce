const int = new Intl.NumberFormat("en-US");

/** How many flags there are per severity (not yet resolved) and per status: all a viewer sees. */
export function FlagCounts({
  bySeverity,
  byStatus,
}: {
  bySeverity: Record<string, number>;
  byStatus: Record<string, number>;
}) {
  return (
    <section className="panel" aria-label="Flag counts" data-testid="flag-counts">
      <h2>Flags not yet resolved, by severity</h2>
      <div className="row">
        {Object.entries(bySeverity).map(([s, n]) => (
          <div key={s} className="kpi" data-severity={s}>
            <div className="kpi-label">{s}</div>
            <div className="kpi-value">{int.format(n)}</div>
          </div>
        ))}
      </div>
      <h2>By status</h2>
      <div className="row">
        {Object.entries(byStatus).map(([s, n]) => (
          <div key={s} className="kpi" data-status={s}>
            <div className="kpi-label">{s}</div>
            <div className="kpi-value">{int.format(n)}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
