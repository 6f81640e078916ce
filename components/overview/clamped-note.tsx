import type { ViewState } from "@/lib/queries/filters";

/** Says that a custom range was narrowed to where stored events are, and to what. */
export function ClampedNote({ view }: { view: ViewState }) {
  return (
    <span className="muted" data-testid="clamped-range">
      {` (narrowed to ${view.from.toISOString()} – ${view.to.toISOString()}: no stored event lies outside it)`}
    </span>
  );
}
