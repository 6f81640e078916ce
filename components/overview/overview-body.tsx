import { outcomeSeries, policySeries } from "@/components/charts/series";
import { StackedBars } from "@/components/charts/stacked-bars";
import { EmptyState } from "@/components/ui/empty-state";
import { OUTCOMES } from "@/lib/core/contract";
import { type ViewState, viewQuery } from "@/lib/queries/filters";
import { NO_POLICY, type Overview } from "@/lib/queries/overview";
import { overviewChartLinks } from "./chart-links";
import { Kpis } from "./kpis";
import { TopList } from "./top-list";

/** The overview's charts and tops, from what the overview read returned. */
export function OverviewBody({
  data,
  view,
  base,
  explorerAllowed,
}: {
  data: Overview;
  view: ViewState;
  base: string;
  explorerAllowed: boolean;
}) {
  const explorer = (over: Record<string, string | string[] | null>) =>
    explorerAllowed ? `${base}/events?${viewQuery(view, over)}` : null;
  const links = explorerAllowed
    ? overviewChartLinks(view, base, data.calls, data.policies)
    : { calls: {}, denials: {}, outcomeLegend: {}, policyLegend: {} };
  if (data.summary.events === 0)
    return (
      <div className="panel">
        <EmptyState title="No tool calls in this range">
          <p>
            Widen the time range or clear filters. New here? Create an ingest key in Settings and
            send events to <code>POST /api/v1/events</code>, or run <code>npx tooltrail demo</code>{" "}
            for realistic sample traffic.
          </p>
        </EmptyState>
      </div>
    );
  const outcomesSeen = OUTCOMES.filter((o) => (data.summary.outcomes[o] ?? 0) > 0);
  return (
    <div className="stack">
      <Kpis s={data.summary} explorer={(o) => explorer(o)} />
      <section className="panel" aria-label="Calls over time">
        <h2>Calls over time, by outcome</h2>
        <StackedBars
          label="Calls over time stacked by outcome"
          data={data.calls}
          series={outcomeSeries(outcomesSeen)}
          bucketSeconds={view.bucketSeconds}
          tz={view.tz}
          hrefs={links.calls}
          legendHrefs={links.outcomeLegend}
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
            series={policySeries(data.policies, NO_POLICY)}
            bucketSeconds={view.bucketSeconds}
            tz={view.tz}
            hrefs={links.denials}
            legendHrefs={links.policyLegend}
            unit="denied calls"
            height={200}
          />
        )}
      </section>
      <div className="grid grid-4">
        <TopList title="Top tools" rows={data.top.tool} href={(k) => explorer({ tool: k })} />
        <TopList title="Top servers" rows={data.top.server} href={(k) => explorer({ server: k })} />
        <TopList title="Top actors" rows={data.top.actor} href={(k) => explorer({ actor: k })} />
        <TopList title="Top clients" rows={data.top.client} href={(k) => explorer({ client: k })} />
      </div>
    </div>
  );
}
