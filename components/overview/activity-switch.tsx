import Link from "next/link";
import { ACTIVITIES, ACTIVITY_LABELS, DEFAULT_ACTIVITY } from "@/lib/queries/activity";
import { type ViewState, viewQuery } from "@/lib/queries/filters";

/**
 * The one switch between the MCP traffic people came to see (the default), that traffic with
 * Tooltrail's own activity, and the own activity alone ("Audit of this dashboard"). Plain links
 * that keep the rest of the view, so the choice is in the URL and survives every other link.
 */
export function ActivitySwitch({
  path,
  view,
  extra,
}: {
  path: string;
  view: ViewState;
  /** Parameters of the page beyond the view (the explorer's sort and page size). */
  extra?: Record<string, string>;
}) {
  return (
    <nav className="seg" aria-label="Activity shown" data-testid="activity-switch">
      {ACTIVITIES.map((a) => (
        <Link
          key={a}
          href={`${path}?${viewQuery(view, { ...extra, activity: a === DEFAULT_ACTIVITY ? null : a })}`}
          aria-current={view.activity === a ? "true" : undefined}
          data-activity={a}
        >
          {ACTIVITY_LABELS[a]}
        </Link>
      ))}
    </nav>
  );
}

/** What the page shows, in words, for its heading. */
export function activityCaption(view: ViewState): string {
  switch (view.activity) {
    case "dashboard":
      return "Tooltrail's own activity: who read or changed the evidence in this dashboard";
    case "all":
      return "every MCP tool call your agents made, and Tooltrail's own activity";
    default:
      return "every MCP tool call your agents made";
  }
}
