import { Suspense } from "react";
import { guardPage } from "@/app/_lib/guard";
import { readPageParams } from "@/app/_lib/params";
import { ClampedNote } from "@/components/overview/clamped-note";
import { OverviewBody } from "@/components/overview/overview-body";
import { ViewToolbar } from "@/components/overview/view-toolbar";
import { BadRequest } from "@/components/ui/bad-request";
import { OverviewSkeleton } from "@/components/ui/skeletons";
import { auditEvent } from "@/lib/auth/audit";
import { limitView, parseView, viewQuery } from "@/lib/queries/filters";
import { narrowToStoredEvents } from "@/lib/queries/narrow-view";

export const metadata = { title: "Overview" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function OverviewPage({ params, searchParams }: Props) {
  const { tenant } = await params;
  // The guard runs before anything streams, so a refusal is a real 401/403/404 response.
  const access = await guardPage(tenant, "overview:read", `/${tenant}`);
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const input = readPageParams(await searchParams, (p) => parseView(p));
  if (!input.ok) return <BadRequest message={input.message} back={base} />;
  const view = await narrowToStoredEvents(
    limitView(input.value, access.can("events:payload")),
    access.store,
  );
  await auditEvent(access.tenant.id, access.actor, {
    action: "overview.view",
    details: { query: viewQuery(view) },
  });
  const explorerAllowed = access.can("events:read");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p>
            {access.tenant.name} · every MCP tool call your agents made,{" "}
            {view.range === "custom" ? "in the chosen window" : `in the last ${view.range}`}
            {view.clamped ? <ClampedNote view={view} /> : null}
          </p>
        </div>
        {explorerAllowed ? (
          <a className="btn" href={`${base}/events?${viewQuery(view)}`}>
            Open in explorer →
          </a>
        ) : null}
      </div>
      <ViewToolbar path={base} view={view} search={access.can("events:payload")} />
      <Suspense key={viewQuery(view)} fallback={<OverviewSkeleton />}>
        <OverviewBody
          store={access.store}
          view={view}
          base={base}
          explorerAllowed={explorerAllowed}
        />
      </Suspense>
    </>
  );
}
