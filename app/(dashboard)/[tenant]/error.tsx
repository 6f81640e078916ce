"use client";

export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="error-box" role="alert">
      <h2>This page could not be loaded</h2>
      <p>
        The store did not answer as expected. Nothing was changed. Try again; if it keeps failing,
        check <code>/api/ready</code> and the server log
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </p>
      <button type="button" className="btn" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
