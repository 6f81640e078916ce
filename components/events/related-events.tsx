import Link from "next/link";
import { OutcomeBadge } from "@/components/ui/outcome-badge";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import type { StoredEvent } from "@/lib/core/contract";
import type { EventDetail } from "@/lib/services/reads/event-detail";
import { segment } from "./href";

/** One timeline per correlation the event has (same session, trace, conversation). */
export function RelatedEvents({
  e,
  related,
  base,
  tz,
}: {
  e: StoredEvent;
  related: EventDetail["related"];
  base: string;
  tz: "utc" | "local";
}) {
  return related.map(({ correlation: [field, filter, title], page }) => (
    <section key={field} className="panel" aria-label={title}>
      <h2>
        {title}{" "}
        <Link
          className="small"
          href={`${base}/events?range=30d&${filter}=${segment(String(e[field]))}`}
        >
          all →
        </Link>
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
  ));
}
