export default function Loading() {
  return (
    <div className="stack" role="status" aria-busy="true" aria-label="Loading">
      <div className="skeleton" style={{ height: 34, width: 280 }} />
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
