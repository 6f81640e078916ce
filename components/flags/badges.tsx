/** Severity and status as badges; values come from fixed lists, anything else shows as neutral. */
const SEVERITY_CLASS: Record<string, string> = {
  critical: "badge-bad",
  high: "badge-error",
  medium: "badge-pending",
  low: "badge-neutral",
};
const STATUS_CLASS: Record<string, string> = {
  open: "badge-bad",
  acknowledged: "badge-pending",
  resolved: "badge-good",
};

export function SeverityBadge({ severity }: { severity: string }) {
  return (
    <span
      className={`badge ${SEVERITY_CLASS[severity] ?? "badge-neutral"}`}
      data-severity={severity}
    >
      {severity}
    </span>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${STATUS_CLASS[status] ?? "badge-neutral"}`} data-status={status}>
      {status}
    </span>
  );
}

/** The open-flag badge beside an actor, a tool or an event. */
export function OpenFlagsBadge({ count, href }: { count: number; href: string | null }) {
  if (count <= 0) return null;
  const text = `${count} open flag${count === 1 ? "" : "s"}`;
  return href ? (
    <a className="badge badge-bad" href={href} data-testid="open-flags-badge">
      {text}
    </a>
  ) : (
    <span className="badge badge-bad" data-testid="open-flags-badge">
      {text}
    </span>
  );
}
