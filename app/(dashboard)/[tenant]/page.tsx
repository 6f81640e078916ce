import { guardPage } from "@/app/_lib/guard";
import { OUTCOME_COLORS, paletteColor } from "@/components/charts/colors";
import { StackedBars } from "@/components/charts/stacked-bars";
import { Kpis } from "@/components/overview/kpis";
import { TopList } from "@/components/overview/top-list";
import { ViewToolbar } from "@/components/overview/view-toolbar";
import { EmptyState } from "@/components/ui/empty-state";
import { auditEvent } from "@/lib/auth/audit";
import { OUTCOMES } from "@/lib/contract";
import { parseView, toEventFilter, viewQuery, windowQuery } from "@/lib/queries/filters";
import { loadOverview, NO_POLICY } from "@/lib/queries/overview";

export const metadata = { title: "Overview" };

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function OverviewPage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "overview:read", `/${tenant}`);
  const view = parseView(await searchParams);
  const filter = toEventFilter(view);
  const data = await loadOverview(access.store, filter, view.bucketSeconds);
  await auditEvent(access.tenant.id, access.actor, {
    action: "overview.view",
    details: { query: viewQuery(view) },
  });
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const explorerAllowed = access.can("events:read");
  const explorer = (over: Record<string, string | string[] | null>) =>
    explorerAllowed ? `${base}/events?${viewQuery(view, over)}` : null;
  const hrefs: Record<string, string> = {};
  const policyHrefs: Record<string, string> = {};
  if (explorerAllowed) {
    for (const p of data.calls) {
      const from = new Date(p.t);
      const to = new Date(p.t + view.bucketSeconds * 1000);
      hrefs[String(p.t)] = `${base}/events?${windowQuery(view, from, to)}`;
      for (const o of OUTCOMES)
        hrefs[`${p.t}|${o}`] = `${base}/events?${windowQuery(view, from, to, { outcome: o })}`;
      policyHrefs[String(p.t)] =
        `${base}/events?${windowQuery(view, from, to, { outcome: "denied" })}`;
    }
  }
  const outcomesSeen = OUTCOMES.filter((o) => (data.summary.outcomes[o] ?? 0) > 0);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Overview</h1>
          <p>
            {access.tenant.name} · every MCP tool call your agents made,{" "}
            {view.range === "custom" ? "in the chosen window" : `in the last ${view.range}`}
          </p>
        </div>
        {explorerAllowed ? (
          <a className="btn" href={explorer({}) ?? undefined}>
            Open in explorer →
          </a>
        ) : null}
      </div>
      <ViewToolbar path={base} view={view} />
      {data.summary.events === 0 ? (
        <div className="panel">
          <EmptyState title="No tool calls in this range">
            <p>
              Widen the time range or clear filters. New here? Create an ingest key in Settings and
              send events to <code>POST /api/v1/events</code>, or run{" "}
              <code>npx tooltrail demo</code> for realistic sample traffic.
            </p>
          </EmptyState>
        </div>
      ) : (
        <div className="stack">
          <Kpis s={data.summary} explorer={(o) => explorer(o)} />
          <section className="panel" aria-label="Calls over time">
            <h2>Calls over time, by outcome</h2>
            <StackedBars
              label="Calls over time stacked by outcome"
              data={data.calls}
              series={outcomesSeen.map((o) => ({
                key: o,
                label: o.replace("_", " "),
                color: OUTCOME_COLORS[o] ?? "#888",
              }))}
              bucketSeconds={view.bucketSeconds}
              tz={view.tz}
              hrefs={hrefs}
            />
          </section>
          <section className="panel" aria-label="Denials over time">
            <h2>Denials over time, by policy</h2>
            {data.policies.length === 0 ? (
              <p className="muted small">No call was denied in this range.</p>
            ) : (
              <StackedBars
                label="Denied calls over time stacked by policy"
                data={data.denials}
                series={data.policies.map((p, i) => ({
                  key: p,
                  label: p === NO_POLICY ? "no policy named" : p,
                  color: paletteColor(i + 1),
                }))}
                bucketSeconds={view.bucketSeconds}
                tz={view.tz}
                hrefs={policyHrefs}
                height={200}
              />
            )}
          </section>
          <div className="grid grid-4">
            <TopList title="Top tools" rows={data.top.tool} href={(k) => explorer({ tool: k })} />
            <TopList
              title="Top servers"
              rows={data.top.server}
              href={(k) => explorer({ server: k })}
            />
            <TopList
              title="Top actors"
              rows={data.top.actor}
              href={(k) => explorer({ actor: k })}
            />
            <TopList
              title="Top clients"
              rows={data.top.client}
              href={(k) => explorer({ client: k })}
            />
          </div>
        </div>
      )}
    </>
  );
}
