import Link from "next/link";
import { OutcomeBadge } from "@/components/ui/outcome-badge";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import type { StoredEvent } from "@/lib/core/contract";
import type { Pivot } from "@/lib/queries/pivots";
import type { EventDetail } from "@/lib/services/reads/event-detail";
import { segment } from "./href";

/**
 * One timeline per correlation the event has (same session, trace, conversation); "all" opens the
 * explorer with the correlation's pivot (a query-language term over the pivot's range).
 */
export function RelatedEvents({
  e,
  related,
  pivots,
  base,
  tz,
}: {
  e: StoredEvent;
  related: EventDetail["related"];
  pivots: Pivot[];
  base: string;
  tz: "utc" | "local";
}) {
  return related.map(({ correlation: [field, filter, title], page }) => {
    const all = pivots.find((p) => p.id === filter)?.href;
    return (
      <section key={field} className="panel" aria-label={title}>
        <h2>
          {title}{" "}
          {all ? (
            <Link className="small" href={`${base}${all}`}>
              all →
            </Link>
          ) : null}
        </h2>
        <ol className="timeline">
          {page.events.map((c) => (
            <li key={c.id} className={c.id === e.id ? "current" : undefined}>
              <Time iso={c.time} tz={tz} />{" "}
              {c.id === e.id ? (
                <strong>{visible(c.tool ?? c.method)}</strong>
              ) : (
                <Link href={`${base}/events/${segment(c.id)}`}>{visible(c.tool ?? c.method)}</Link>
              )}{" "}
              <OutcomeBadge outcome={c.outcome} />{" "}
              <span className="muted small">{visible(c.actor.id)}</span>
            </li>
          ))}
        </ol>
        {page.nextCursor ? <p className="small muted">Showing the first 25.</p> : null}
      </section>
    );
  });
}
