import { Suspense } from "react";
import { guardPage } from "@/app/_lib/guard";
import { readPageParams } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { OpenFlagsPanel } from "@/components/flags/open-flags-panel";
import { ActivitySwitch, activityCaption } from "@/components/overview/activity-switch";
import { ClampedNote } from "@/components/overview/clamped-note";
import { OverviewBody } from "@/components/overview/overview-body";
import { ViewToolbar } from "@/components/overview/view-toolbar";
import { BadRequest } from "@/components/ui/bad-request";
import { OverviewSkeleton } from "@/components/ui/skeletons";
import { parseView, type ViewState, viewQuery } from "@/lib/queries/filters";
import type { TenantCtx } from "@/lib/services/context";
import { readOverview } from "@/lib/services/reads/overview";

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
  return (
    <Suspense key={viewQuery(input.value)} fallback={<OverviewSkeleton />}>
      <Overview ctx={tenantCtx(access)} view={input.value} base={base} />
    </Suspense>
  );
}

/** The page once read (streamed behind the skeleton): the read narrows the view it shows. */
async function Overview({
  ctx,
  view: asked,
  base,
}: {
  ctx: TenantCtx;
  view: ViewState;
  base: string;
}) {
  const { view, data, explorerAllowed, flags } = await readOverview({
    ctx,
    input: { view: asked },
  });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p>
            {ctx.tenant.name} · {activityCaption(view)},{" "}
            {view.range === "custom" ? "in the chosen window" : `in the last ${view.range}`}
            {view.clamped ? <ClampedNote view={view} /> : null}
          </p>
        </div>
        <div className="row">
          <ActivitySwitch path={base} view={view} />
          {explorerAllowed ? (
            <a className="btn" href={`${base}/events?${viewQuery(view)}`}>
              Open in explorer →
            </a>
          ) : null}
        </div>
      </div>
      <ViewToolbar path={base} view={view} search={ctx.can("events:payload")} />
      <OverviewBody data={data} view={view} base={base} explorerAllowed={explorerAllowed} />
      {flags ? (
        <OpenFlagsPanel
          bySeverity={flags.unresolvedBySeverity}
          perDay={flags.perDay}
          href={ctx.can("flags:count") ? `${base}/flags` : null}
        />
      ) : null}
    </>
  );
}
