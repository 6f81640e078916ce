import type { ViewState } from "@/lib/queries/filters";
import { STORABLE_TIMES } from "@/lib/queries/time-range";

/** Says that a custom range was narrowed to the times events can have, and to what. */
export function ClampedNote({ view }: { view: ViewState }) {
  return (
    <span className="muted" data-testid="clamped-range">
      {" "}
      (narrowed to {view.from.toISOString()} – {view.to.toISOString()}: {STORABLE_TIMES})
    </span>
  );
}
