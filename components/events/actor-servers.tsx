import Link from "next/link";
import { paletteColor } from "@/components/charts/colors";
import { StackedBars } from "@/components/charts/stacked-bars";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import type { ServerTimeline } from "@/lib/queries/entity";
import { type ViewState, viewQuery, windowQuery } from "@/lib/queries/filters";

const PALETTE_SIZE = 8;
const OTHER_COLOR = "#6b7785";

/**
 * A colour per server from its name, not its rank, so a server keeps its colour whatever the range
 * shows; two servers of one chart that hash alike take the next free colour (in top order).
 */
export function serverColors(names: readonly string[]): Map<string, string> {
  const taken = new Set<number>();
  const out = new Map<string, string>();
  for (const name of names) {
    let h = 0;
    for (const c of name) h = (Math.imul(h, 31) + (c.codePointAt(0) ?? 0)) >>> 0;
    let i = h % PALETTE_SIZE;
    for (let n = 0; n < PALETTE_SIZE && taken.has(i); n++) i = (i + 1) % PALETTE_SIZE;
    taken.add(i);
    out.set(name, paletteColor(i));
  }
  return out;
}

/**
 * The actor's timeline across servers: a bar per chart bucket, a series per server (every bar
 * opens the explorer on that server and bucket), and the same figures as a table, with a link to
 * the actor's events on each server over the range.
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
  const colors = serverColors(servers.servers.map((s) => s.name));
  const series = [
    ...servers.servers.map((s) => ({
      key: s.key,
      label: visible(s.name),
      color: colors.get(s.name) ?? OTHER_COLOR,
    })),
    ...(servers.other > 0 ? [{ key: "other", label: "other servers", color: OTHER_COLOR }] : []),
  ];
  const hrefs: Record<string, string> = {};
  const span = view.bucketSeconds * 1000;
  for (const p of servers.points) {
    const window = (over: Record<string, string>) =>
      `${base}/events?${windowQuery(view, new Date(p.t), new Date(p.t + span), { actor, ...over })}`;
    hrefs[String(p.t)] = window({});
    for (const s of servers.servers) hrefs[`${p.t}|${s.key}`] = window({ server: s.name });
  }
  const active = (key: string) => servers.points.filter((p) => (p[key] ?? 0) > 0);
  const buckets = servers.points.filter((p) => series.some((s) => (p[s.key] ?? 0) > 0));
  const iso = (t: number) => new Date(t).toISOString();
  return (
    <section className="panel" aria-label="Timeline across servers" data-testid="actor-servers">
      <h2>Timeline across servers</h2>
      <StackedBars
        label={`Calls of ${actor} over time, by server`}
        data={servers.points}
        series={series}
        bucketSeconds={view.bucketSeconds}
        tz={view.tz}
        hrefs={hrefs}
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
                  <span aria-hidden="true" style={{ color: colors.get(s.name) }}>
                    ■{" "}
                  </span>
                  <Link href={`${base}/events?${viewQuery(view, { actor, server: s.name })}`}>
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
                other servers (
                <Link href={`${base}/events?${viewQuery(view, { actor })}`}>all events</Link>)
              </td>
              <td className="num">{servers.other}</td>
              <td>–</td>
              <td>–</td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <details>
        <summary className="small">The chart's figures per bucket</summary>
        <table className="data" data-testid="actor-servers-buckets">
          <thead>
            <tr>
              <th>Bucket start</th>
              {series.map((s) => (
                <th key={s.key} className="num" style={{ overflowWrap: "anywhere" }}>
                  {visible(s.label)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {buckets.map((p) => (
              <tr key={p.t}>
                <td>
                  <Time iso={iso(p.t)} tz={view.tz} />
                </td>
                {series.map((s) => (
                  <td key={s.key} className="num">
                    {p[s.key] ?? 0}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
