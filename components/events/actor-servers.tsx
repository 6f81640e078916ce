import Link from "next/link";
import { NEUTRAL_COLOR, seriesColor } from "@/components/charts/colors";
import { StackedBars } from "@/components/charts/stacked-bars";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import type { ServerTimeline } from "@/lib/queries/entity";
import { type ViewState, viewQuery, windowQuery } from "@/lib/queries/filters";

/**
 * The actor's timeline across servers: a bar per chart bucket, a series per server (every bar
 * opens the explorer on that server and bucket, every legend item on that server over the range;
 * the chart's own table holds its figures), and a table of calls and first and last activity per
 * server, with a link to the actor's events on each.
 */
export function ActorServers({
  actor,
  servers,
  view,
  base,
}: {
  actor: string;
  servers: ServerTimeline;
  view: ViewState;
  base: string;
}) {
  // By name, as every chart colours a free-form key: a server keeps its colour in every range.
  const series = [
    ...servers.servers.map((s) => ({
      key: s.key,
      label: visible(s.name),
      color: seriesColor(s.name),
    })),
    ...(servers.other > 0 ? [{ key: "other", label: "other servers", color: NEUTRAL_COLOR }] : []),
  ];
  const overRange = (over: Record<string, string>) =>
    `${base}/events?${viewQuery(view, { actor, ...over })}`;
  const legendHrefs: Record<string, string> = { other: overRange({}) };
  for (const s of servers.servers) legendHrefs[s.key] = overRange({ server: s.name });
  const hrefs: Record<string, string> = {};
  const span = view.bucketSeconds * 1000;
  for (const p of servers.points) {
    const window = (over: Record<string, string>) =>
      `${base}/events?${windowQuery(view, new Date(p.t), new Date(p.t + span), { actor, ...over })}`;
    hrefs[String(p.t)] = window({});
    for (const s of servers.servers) hrefs[`${p.t}|${s.key}`] = window({ server: s.name });
  }
  const active = (key: string) => servers.points.filter((p) => (p[key] ?? 0) > 0);
  const iso = (t: number) => new Date(t).toISOString();
  return (
    <section className="panel" aria-label="Timeline across servers" data-testid="actor-servers">
      <h2>Timeline across servers</h2>
      <StackedBars
        label={`Calls of ${visible(actor)} over time, by server`}
        data={servers.points}
        series={series}
        bucketSeconds={view.bucketSeconds}
        tz={view.tz}
        hrefs={hrefs}
        legendHrefs={legendHrefs}
        height={200}
      />
      <table className="data" data-testid="actor-servers-table">
        <thead>
          <tr>
            <th>Server</th>
            <th className="num">Calls</th>
            <th>First active</th>
            <th>Last active</th>
          </tr>
        </thead>
        <tbody>
          {servers.servers.map((s) => {
            const on = active(s.key);
            const first = on[0];
            const last = on[on.length - 1];
            return (
              <tr key={s.key} data-server={s.name}>
                <td style={{ overflowWrap: "anywhere" }}>
                  <span aria-hidden="true" style={{ color: seriesColor(s.name) }}>
                    ■{" "}
                  </span>
                  <Link href={legendHrefs[s.key] ?? overRange({ server: s.name })}>
                    {visible(s.name)}
                  </Link>
                </td>
                <td className="num">{s.events}</td>
                <td>{first ? <Time iso={iso(first.t)} tz={view.tz} /> : "–"}</td>
                <td>{last ? <Time iso={iso(last.t)} tz={view.tz} /> : "–"}</td>
              </tr>
            );
          })}
          {servers.other > 0 ? (
            <tr>
              <td>
                other servers (<Link href={overRange({})}>all events</Link>)
              </td>
              <td className="num">{servers.other}</td>
              <td>–</td>
              <td>–</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
