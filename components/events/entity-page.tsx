import Link from "next/link";
import { OUTCOME_COLORS } from "@/components/charts/colors";
import { StackedBars } from "@/components/charts/stacked-bars";
import { COLUMN_LABELS } from "@/components/events/column-labels";
import { EventsTable, type SaveColumns } from "@/components/events/events-table";
import { OpenFlagsBadge } from "@/components/flags/badges";
import { Kpis } from "@/components/overview/kpis";
import { ViewToolbar } from "@/components/overview/view-toolbar";
import { EmptyState } from "@/components/ui/empty-state";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { OUTCOMES } from "@/lib/core/contract";
import type { ActorIdentity, EntityView, ServerTimeline } from "@/lib/queries/entity";
import type { ExplorerColumn } from "@/lib/queries/events";
import { DEFAULT_SORT, type ViewState, viewQuery, windowQuery } from "@/lib/queries/filters";
import { sortingLinks } from "@/lib/queries/sort-links";
import { ActorIdentityLine } from "./actor-identity";
import { ActorServers } from "./actor-servers";
import { segment } from "./href";

const DIM_TITLES: Record<string, string> = {
  tool: "Tools used",
  server: "Servers",
  client: "Clients",
  agent: "Agents",
  actor: "Actors",
  outcome: "Outcomes",
};

/**
 * The actor page and the tool page: one subject, everything recorded about it. Its latest calls
 * show the user's explorer columns; their headers open the explorer sorted by that column.
 */
export function EntityPage({
  kind,
  subject,
  dimension,
  data,
  view,
  path,
  tenant,
  hidden,
  saveColumns,
  search,
  openFlags,
  actor,
}: {
  kind: string;
  subject: string;
  dimension: "actor" | "tool";
  data: EntityView;
  view: ViewState;
  path: string;
  tenant: string;
  /** The user's hidden explorer columns, for the latest calls. */
  hidden: readonly ExplorerColumn[];
  saveColumns: SaveColumns;
  /** Whether the role may search payloads (see limitView). */
  search: boolean;
  /** Open anomaly flags about the subject, and the Flags page narrowed to it. */
  openFlags?: { count: number; href: string | null } | null;
  /** The actor page's: name and email as the events give them, and the timeline per server. */
  actor?: { identity: ActorIdentity; servers: ServerTimeline };
}) {
  const base = `/${encodeURIComponent(tenant)}`;
  const explorer = (over: Record<string, string | string[] | null>) =>
    `${base}/events?${viewQuery(view, { [dimension]: subject, ...over })}`;
  const hrefs: Record<string, string> = {};
  for (const p of data.calls)
    hrefs[String(p.t)] =
      `${base}/events?${windowQuery(view, new Date(p.t), new Date(p.t + view.bucketSeconds * 1000), { [dimension]: subject })}`;
  return (
    <>
      <div className="page-head">
        <div>
          <div className="small muted">{kind}</div>
          <h1 style={{ overflowWrap: "anywhere" }}>{visible(subject)}</h1>
          {actor ? <ActorIdentityLine identity={actor.identity} tz={view.tz} /> : null}
          {openFlags ? <OpenFlagsBadge count={openFlags.count} href={openFlags.href} /> : null}
          <p>
            {data.firstSeen ? (
              <>
                first seen <Time iso={data.firstSeen} tz={view.tz} />
              </>
            ) : (
              "never seen"
            )}
          </p>
        </div>
        <Link className="btn" href={explorer({})}>
          All events of this {kind.toLowerCase()} →
        </Link>
      </div>
      <ViewToolbar path={path} view={view} search={search} />
      {data.summary.events === 0 ? (
        <div className="panel">
          <EmptyState title={`No calls by this ${kind.toLowerCase()} in this range`}>
            <p>Widen the time range.</p>
          </EmptyState>
        </div>
      ) : (
        <div className="stack">
          <Kpis s={data.summary} explorer={(o) => explorer(o)} />
          <section className="panel">
            <h2>Calls over time, by outcome</h2>
            <StackedBars
              label={`Calls of ${subject} over time`}
              data={data.calls}
              series={OUTCOMES.filter((o) => (data.summary.outcomes[o] ?? 0) > 0).map((o) => ({
                key: o,
                label: o.replace("_", " "),
                color: OUTCOME_COLORS[o] ?? "#888",
              }))}
              bucketSeconds={view.bucketSeconds}
              tz={view.tz}
              hrefs={hrefs}
              height={200}
            />
          </section>
          {actor ? (
            <ActorServers actor={subject} servers={actor.servers} view={view} base={base} />
          ) : null}
          <div className="grid grid-4">
            {data.tops.map((t) => (
              <section key={t.dimension} className="panel">
                <h2>{DIM_TITLES[t.dimension] ?? t.dimension}</h2>
                {t.rows.length === 0 ? (
                  <p className="muted small">None recorded.</p>
                ) : (
                  <ol className="toplist">
                    {t.rows.map((r) => (
                      <li key={r.key} style={{ gridTemplateColumns: "minmax(0,1fr) 56px" }}>
                        <span className="name">
                          <Link
                            href={
                              t.dimension === "tool"
                                ? `${base}/tools/${segment(r.key)}`
                                : t.dimension === "actor"
                                  ? `${base}/actors/${segment(r.key)}`
                                  : explorer({ [t.dimension]: r.key })
                            }
                          >
                            {visible(r.key)}
                          </Link>
                        </span>
                        <span className="count">{r.count}</span>
                      </li>
                    ))}
                  </ol>
                )}
              </section>
            ))}
          </div>
          <section>
            <h2>Latest calls</h2>
            <EventsTable
              labels={COLUMN_LABELS}
              rows={data.recent}
              tenant={tenant}
              tz={view.tz}
              hidden={hidden}
              saveColumns={saveColumns}
              sorting={sortingLinks(DEFAULT_SORT, (over) => explorer(over))}
            />
          </section>
        </div>
      )}
    </>
  );
}
