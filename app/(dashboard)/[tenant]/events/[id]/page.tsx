import Link from "next/link";
import { notFound } from "next/navigation";
import { guardPage } from "@/app/_lib/guard";
import { decodeParam } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { EventControls, EventIdentity } from "@/components/events/event-fields";
import { EventPivots } from "@/components/events/event-pivots";
import { segment } from "@/components/events/href";
import { IntegrityPanel } from "@/components/events/integrity-panel";
import { PayloadPanel } from "@/components/events/payload-panel";
import { RelatedEvents } from "@/components/events/related-events";
import { OutcomeBadge } from "@/components/ui/outcome-badge";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { isStorable } from "@/lib/core/contract/well-formed";
import { BadRequestError } from "@/lib/queries/bad-request";
import { parseView, type ViewState } from "@/lib/queries/filters";
import { eventPivots, pivotRangeNote } from "@/lib/queries/pivots";
import { readEvent } from "@/lib/services/reads/event-detail";

export const metadata = { title: "Event" };

type Props = {
  params: Promise<{ tenant: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function EventPage({ params, searchParams }: Props) {
  const { tenant, id: rawId } = await params;
  const id = decodeParam(rawId);
  // No event id holds NUL (ingestion refuses control characters), and no store could look it up.
  if (!isStorable(id)) notFound();
  const access = await guardPage(tenant, "events:read", `/${tenant}/events/${rawId}`);
  const sp = await searchParams;
  const tz = sp.tz === "local" ? "local" : "utc";
  const detail = await readEvent({ ctx: tenantCtx(access), input: { id } });
  if (!detail) notFound();
  const { event: e, payload } = detail;
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const known = explorerView(sp);
  const pivots = eventPivots(e, { payload, known });
  return (
    <>
      <div className="page-head">
        <div>
          <div className="small muted">
            <Link href={`${base}/events`}>Events</Link> / event
          </div>
          <h1 style={{ overflowWrap: "anywhere" }}>
            {visible(e.tool ?? e.method)} <OutcomeBadge outcome={e.outcome} />
          </h1>
          <p>
            by <Link href={`${base}/actors/${segment(e.actor.id)}`}>{visible(e.actor.id)}</Link> on{" "}
            {visible(e.server.name)} · <Time iso={e.time} tz={tz} />
          </p>
        </div>
      </div>
      <div className="grid grid-2" style={{ alignItems: "start" }}>
        <div className="stack">
          <section className="panel" aria-label="Fields">
            <h2>Record</h2>
            <EventIdentity e={e} tz={tz} />
          </section>
        </div>
        <div className="stack">
          <EventPivots
            pivots={pivots}
            base={base}
            range={pivotRangeNote(new Date(e.time), known)}
          />
          <IntegrityPanel integrity={detail.integrity} />
          <section className="panel" aria-label="Controls">
            <h2>Controls that ran</h2>
            <EventControls e={e} payload={payload} />
          </section>
          <PayloadPanel e={e} payload={payload} />
          <RelatedEvents e={e} related={detail.related} pivots={pivots} base={base} tz={tz} />
        </div>
      </div>
    </>
  );
}

/**
 * The explorer's view the event was opened from (its rows' links carry range, from and to), or
 * null when the link carried none or a view the explorer itself would refuse.
 */
function explorerView(sp: Record<string, string | string[] | undefined>): ViewState | null {
  if (sp.range === undefined && sp.from === undefined && sp.to === undefined) return null;
  try {
    return parseView(sp);
  } catch (err) {
    if (err instanceof BadRequestError) return null;
    throw err;
  }
}
