/** The GDPR Art. 33 clock as text: hours left, overdue, or when the authority was told. */
export function IncidentClockText({
  state,
  remainingMs,
  deadline,
}: {
  state: string;
  remainingMs: number;
  deadline: string;
}) {
  const h = Math.floor(Math.abs(remainingMs) / 3_600_000);
  const m = Math.floor((Math.abs(remainingMs) % 3_600_000) / 60_000);
  const span = `${h} h ${m} min`;
  const text =
    state === "running"
      ? `${span} left to notify the supervisory authority (by ${deadline})`
      : state === "overdue"
        ? `Overdue by ${span}: the 72 hours ended ${deadline}`
        : state === "notified"
          ? `Authority notified ${span} before the deadline`
          : `Authority notified ${span} after the deadline`;
  const cls =
    state === "running"
      ? "badge-pending"
      : state === "overdue" || state === "notified_late"
        ? "badge-bad"
        : "badge-good";
  return (
    <span className={`badge ${cls}`} data-testid="incident-clock" data-state={state}>
      {text}
    </span>
  );
}
