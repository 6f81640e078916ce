import { OUTCOME_COLORS, paletteColor } from "@/components/charts/colors";
import { StackedBars } from "@/components/charts/stacked-bars";
import { EmptyState } from "@/components/ui/empty-state";
import { OUTCOMES } from "@/lib/core/contract";
import { type ViewState, viewQuery, windowQuery } from "@/lib/queries/filters";
import { NO_POLICY, type Overview } from "@/lib/queries/overview";
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
        <TopList title="Top servers" rows={data.top.server} href={(k) => explorer({ server: k })} />
        <TopList title="Top actors" rows={data.top.actor} href={(k) => explorer({ actor: k })} />
        <TopList title="Top clients" rows={data.top.client} href={(k) => explorer({ client: k })} />
      </div>
    </div>
  );
}
