export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span className={`badge badge-${/^[a-z_]+$/.test(outcome) ? outcome : "neutral"}`}>
      {outcome.replace("_", " ")}
    </span>
  );
}
