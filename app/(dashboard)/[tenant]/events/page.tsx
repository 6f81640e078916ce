import { Suspense } from "react";
import { guardPage } from "@/app/_lib/guard";
import { EventsBody } from "@/components/events/events-body";
import { ViewToolbar } from "@/components/overview/view-toolbar";
import { TableSkeleton } from "@/components/ui/skeletons";
import { PAGE_SIZES } from "@/lib/queries/events";
import { limitView, parseView, viewQuery } from "@/lib/queries/filters";

export const metadata = { title: "Events" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function EventsPage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "events:read", `/${tenant}/events`);
  const sp = await searchParams;
  const view = limitView(parseView(sp), access.can("events:payload"));
  const order = sp.order === "asc" ? "asc" : "desc";
  const size = PAGE_SIZES.find((s) => String(s) === sp.size) ?? 50;
  const cursor = typeof sp.cursor === "string" && sp.cursor.length < 512 ? sp.cursor : undefined;
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const keep: Record<string, string> = {
    ...(order === "asc" ? { order: "asc" } : {}),
    ...(size !== 50 ? { size: String(size) } : {}),
  };
  const q = viewQuery(view);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Events</h1>
          <p>
            Every stored tool call, {order === "desc" ? "newest" : "oldest"} first. Click a row for
            its full record.
          </p>
        </div>
        {access.can("events:export") ? (
          <div className="row">
            <a
              className="btn"
              href={`${base}/export?${q}&format=csv&order=${order}`}
              data-testid="export-csv"
            >
              Export CSV
            </a>
            <a
              className="btn"
              href={`${base}/export?${q}&format=ndjson&order=${order}`}
              data-testid="export-ndjson"
            >
              Export NDJSON
            </a>
          </div>
        ) : null}
      </div>
      <ViewToolbar
        path={`${base}/events`}
        view={view}
        extra={keep}
        search={access.can("events:payload")}
      />
      <Suspense key={`${q}|${order}|${size}|${cursor ?? ""}`} fallback={<TableSkeleton />}>
        <EventsBody
          store={access.store}
          tenantId={access.tenant.id}
          userId={access.user.id}
          actor={access.actor}
          view={view}
          order={order}
          size={size}
          cursor={cursor}
          keep={keep}
        />
      </Suspense>
    </>
  );
}
