import type { EventV1Input } from "../core/contract";
import { AGENTS, CLIENTS, PEOPLE, SERVICES } from "./catalog";
import { hex, pick } from "./random";

/**
 * Building blocks of the anomaly demo: the actors it adds, one event builder, and the steady
 * background that two anomalies need to stand out against (a person who only works office hours,
 * a service that scrapes metrics around the clock).
 */

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export const GRACE = {
  id: "u-grace",
  name: "Grace Lee",
  email: "grace@acme.example",
  roles: ["finance"],
};
export const MONITOR = { id: "svc-monitor", name: "Metrics scraper" };
/** The server only the monitor uses: a steady source whose silence is the telemetry gap. */
export const METRICS_SERVER = "metrics";

export type Call = {
  actor: string;
  server: string;
  tool: string;
  args?: Record<string, unknown>;
  session?: string;
  outcome?: EventV1Input["outcome"];
  extra?: Partial<EventV1Input>;
};

/** Makes events with ids `<prefix><n>`; `rnd` picks the incidental fields (client, agent, trace). */
export function eventMaker(prefix: string, rnd: () => number) {
  let n = 0;
  return (time: number, c: Call): EventV1Input => {
    const person = [...PEOPLE, GRACE].find((p) => p.id === c.actor);
    const service = [...SERVICES, MONITOR].find((s) => s.id === c.actor);
    const outcome = c.outcome ?? "ok";
    return {
      id: `${prefix}${n++}`,
      time: new Date(time).toISOString(),
      server: { name: c.server, version: "1.4.2" },
      method: "tools/call",
      tool: c.tool,
      arguments: c.args ?? {},
      actor: person
        ? { ...person, type: "user", auth: "oauth", ip: "10.20.4.17" }
        : { id: c.actor, name: service?.name, type: "service", auth: "api_key", ip: "10.30.0.5" },
      client: pick(rnd, CLIENTS),
      agent: pick(rnd, AGENTS),
      session_id: c.session ?? `sess-${hex(rnd, 12)}`,
      trace_id: hex(rnd, 32),
      span_id: hex(rnd, 16),
      outcome,
      duration_ms: Math.round(5 + 150 * rnd()),
      result_bytes: outcome === "ok" ? Math.floor(200 + rnd() * 5_000) : 0,
      data_classification: "internal",
      labels: { env: "prod", region: "eu-west-1" },
      decision: { verdict: "allow", policy_id: "default", rule_id: "allow-team" },
      ...c.extra,
    };
  };
}

export type Make = ReturnType<typeof eventMaker>;

const GRACE_TOOLS: readonly [string, string, (i: number) => Record<string, unknown>][] = [
  ["github", "search_code", (i) => ({ query: `ledger export ${i % 9}`, repo: "acme/finance" })],
  ["filesystem", "read_file", (i) => ({ path: `/srv/app/reports/q${1 + (i % 4)}.md` })],
  ["jira", "transition_issue", (i) => ({ key: `FIN-${100 + (i % 40)}`, to: "Done" })],
];

/**
 * Grace works weekdays 09:00-17:00 UTC, six calls an hour, with the same three tools from her
 * first day: her usual hours are learnable and nothing she does later is a first use.
 */
export function officeHours(make: Make, from: number, to: number): EventV1Input[] {
  const out: EventV1Input[] = [];
  for (let day = Math.ceil(from / DAY) * DAY; day < to; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    for (let h = 9; h < 17; h++) {
      const session = `sess-grace-${day / DAY}-${h}`;
      for (let i = 0; i < 6; i++) {
        const t = day + h * HOUR + i * 10 * MINUTE + 37_000;
        if (t >= to) break;
        const [server, tool, args] = GRACE_TOOLS[
          (h + i) % GRACE_TOOLS.length
        ] as (typeof GRACE_TOOLS)[number];
        out.push(make(t, { actor: GRACE.id, server, tool, args: args(h * 6 + i), session }));
      }
    }
  }
  return out;
}

/**
 * The monitor scrapes every 100 s (36 calls an hour, every hour) and lists a directory every six
 * hours. During `gap` its metrics server is silent while the monitor stays active elsewhere at
 * about seven calls an hour: few enough that no spike hides the gap.
 */
export function metricsStream(
  make: Make,
  from: number,
  to: number,
  gap: { from: number; to: number },
): EventV1Input[] {
  const out: EventV1Input[] = [];
  const scrape = 100_000;
  for (let t = Math.ceil(from / scrape) * scrape; t < to; t += scrape) {
    const inGap = t >= gap.from && t < gap.to;
    if (!inGap)
      out.push(
        make(t, {
          actor: MONITOR.id,
          server: METRICS_SERVER,
          tool: "scrape_targets",
          args: { job: "node" },
        }),
      );
    const list = inGap ? Math.round((t - gap.from) / scrape) % 5 === 0 : t % (6 * HOUR) === 0;
    if (list)
      out.push(
        make(t + 1, {
          actor: MONITOR.id,
          server: "filesystem",
          tool: "list_directory",
          args: { path: "/srv/app" },
        }),
      );
  }
  return out;
}
