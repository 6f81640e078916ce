/** Placeholders while a page's data loads (streamed behind a Suspense boundary). */
export function OverviewSkeleton() {
  return (
    <div className="stack" role="status" aria-busy="true" aria-label="Loading">
      <div className="grid grid-kpi">
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <div key={i} className="skeleton" style={{ height: 74 }} />
        ))}
      </div>
      <div className="skeleton" style={{ height: 280 }} />
      <div className="grid grid-2">
        <div className="skeleton" style={{ height: 220 }} />
        <div className="skeleton" style={{ height: 220 }} />
      </div>
    </div>
  );
}

export function TableSkeleton() {
  return (
    <div className="stack" role="status" aria-busy="true" aria-label="Loading" style={{ gap: 6 }}>
      {Array.from({ length: 12 }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
        <div key={i} className="skeleton" style={{ height: 28 }} />
      ))}
    </div>
  );
}
