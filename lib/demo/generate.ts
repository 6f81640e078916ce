import type { EventV1Input } from "../core/contract";
import { AGENTS, CLIENTS, PEOPLE, SECRETS, SERVICES, TOOLS, USER_AGENTS } from "./catalog";
import { hex, pick, seededRandom, weighted } from "./random";

export type DemoOptions = {
  seed: number;
  tenant: string;
  from: Date;
  to: Date;
  count: number;
  /**
   * Sessions keep to one task's tools (code, operations, customers), as an agent on one task
   * does (the anomaly demo's background). Without it each call picks any tool, so a session that queries the database and
   * posts to Slack, the shape of an exfiltration, happens by chance all day.
   */
  taskSessions?: boolean;
};

/** What one session works on in task mode: code, operations, or customers and payments. */
const TASKS = [
  ["github", "filesystem"],
  ["jira", "slack"],
  ["postgres", "stripe"],
];

/** Weekday working hours get most of the traffic, as with people driving agents. */
function busyTime(rnd: () => number, from: number, to: number): number {
  for (;;) {
    const t = from + rnd() * (to - from);
    const d = new Date(t);
    const weekday = d.getUTCDay() >= 1 && d.getUTCDay() <= 5;
    const hour = d.getUTCHours();
    const weight = (weekday ? 1 : 0.25) * (hour >= 8 && hour < 19 ? 1 : 0.15);
    if (rnd() < weight) return t;
  }
}

/**
 * Realistic MCP traffic for one tenant, sorted by time. Ids are `demo-<tenant>-<seed>-<n>`, so
 * running the same demo again is idempotent (the duplicates are counted, not stored).
 */
export function generateEvents(o: DemoOptions): EventV1Input[] {
  const rnd = seededRandom(o.seed ^ hashString(o.tenant));
  const times = Array.from({ length: o.count }, () =>
    busyTime(rnd, o.from.getTime(), o.to.getTime()),
  ).sort((a, b) => a - b);
  let session = "";
  let sessionLeft = 0;
  let actorIndex = 0;
  let tools = TOOLS;
  return times.map((t, n) => {
    if (sessionLeft-- <= 0) {
      session = `sess-${hex(rnd, 12)}`;
      sessionLeft = 3 + Math.floor(rnd() * 12);
      actorIndex = Math.floor(rnd() * (PEOPLE.length + SERVICES.length));
      // Only in task mode: the default stream must stay what it was for a seed (ids, idempotence).
      if (o.taskSessions) {
        const servers = pick(rnd, TASKS);
        tools = TOOLS.filter((s) => servers.includes(s.server));
      }
    }
    const person = PEOPLE[actorIndex];
    const service = SERVICES[actorIndex - PEOPLE.length];
    const spec = pick(rnd, tools);
    const method = weighted(rnd, [
      ["tools/call", 94],
      ["resources/read", 4],
      ["prompts/get", 2],
    ] as const);
    const outcome = weighted(rnd, [
      ["ok", 82],
      ["error", 6],
      ["denied", 4],
      ["rate_limited", 2],
      ["invalid", 3],
      ["timeout", 1.5],
      ["pending_approval", 1.5],
    ] as const);
    const args = spec.args(n) as Record<string, unknown>;
    if (rnd() < 0.03) args.note = `context: ${pick(rnd, SECRETS)}`;
    const event: EventV1Input = {
      id: `demo-${o.tenant}-${o.seed}-${n}`,
      time: new Date(t).toISOString(),
      server: { name: spec.server, version: "1.4.2", instance: `${spec.server}-${1 + (n % 2)}` },
      method,
      ...(method === "tools/call" ? { tool: spec.tool, arguments: args } : {}),
      ...(method === "resources/read" ? { resource_uri: `file:///srv/app/${n % 7}.md` } : {}),
      ...(method === "prompts/get" ? { prompt_name: "summarize-incident" } : {}),
      actor: person
        ? {
            ...person,
            type: "user",
            auth: pick(rnd, ["oauth", "session"] as const),
            ip: `10.20.${n % 30}.${1 + (n % 200)}`,
            user_agent: pick(rnd, USER_AGENTS),
          }
        : {
            id: service?.id ?? "svc-unknown",
            name: service?.name,
            type: "service",
            auth: "api_key",
            ip: "10.30.0.5",
          },
      client: pick(rnd, CLIENTS),
      agent: pick(rnd, AGENTS),
      session_id: session,
      conversation_id: `conv-${session.slice(5, 13)}`,
      trace_id: hex(rnd, 32),
      span_id: hex(rnd, 16),
      request_id: String(n),
      outcome,
      duration_ms: Math.round(5 + (rnd() < 0.05 ? 2000 * rnd() : 150 * rnd())),
      result_bytes: outcome === "ok" ? Math.floor(200 + rnd() * 20_000) : 0,
      data_classification: spec.sensitive
        ? "confidential"
        : pick(rnd, ["internal", "public"] as const),
      labels: {
        env: n % 10 === 0 ? "staging" : "prod",
        region: pick(rnd, ["eu-west-1", "us-east-1"]),
      },
      decision: { verdict: "allow", policy_id: "default", rule_id: "allow-team" },
    };
    return withOutcome(event, outcome, rnd, spec.sensitive === true);
  });
}

function withOutcome(
  e: EventV1Input,
  outcome: string,
  rnd: () => number,
  sensitive: boolean,
): EventV1Input {
  switch (outcome) {
    case "error":
      return {
        ...e,
        error: {
          type: "tool_error",
          code: "E_UPSTREAM",
          message:
            rnd() < 0.3 ? `upstream failed for ${pick(rnd, SECRETS)}` : "upstream returned 502",
        },
      };
    case "denied":
      return {
        ...e,
        decision: {
          verdict: "deny",
          policy_id: "prod-guard",
          rule_id: sensitive ? "sensitive-tools-need-role" : "outside-business-hours",
          reason: "not permitted by policy",
        },
      };
    case "rate_limited":
      return {
        ...e,
        rate_limit: {
          limited: true,
          key: `${e.actor.id}:${e.tool ?? e.method}`,
          limit: 60,
          window_s: 60,
        },
      };
    case "invalid":
      return {
        ...e,
        validation: { valid: false, errors: ['/path: must match pattern "^/srv/app/"'] },
      };
    case "timeout":
      return {
        ...e,
        duration_ms: 30_000,
        error: { type: "timeout", message: "tool did not answer within 30 s" },
      };
    case "pending_approval":
      return {
        ...e,
        decision: { verdict: "escalate", policy_id: "prod-guard", rule_id: "human-approval" },
        approval: { status: "pending" },
      };
    default:
      return rnd() < 0.02
        ? {
            ...e,
            decision: { verdict: "escalate", policy_id: "prod-guard", rule_id: "human-approval" },
            approval: { status: "approved", by: "erin@acme.example", at: e.time },
          }
        : e;
  }
}

/**
 * Events that must be rejected, one per kind of mistake a real source makes. The same for a seed
 * and tenant on every run (a fixed time too): the demo sends them under one Idempotency-Key, so a
 * re-run does not quarantine them again.
 */
export function generateMalformed(seed: number, tenant: string): unknown[] {
  const base = {
    time: "2026-01-01T00:00:00.000Z",
    server: { name: "filesystem" },
    tool: "read_file",
    actor: { id: "u-alice" },
    outcome: "ok",
  };
  const id = (k: string) => `bad-${tenant}-${seed}-${k}`;
  return [
    { ...base, id: id("no-actor"), actor: undefined },
    { ...base, id: id("bad-outcome"), outcome: "success" },
    { ...base, id: id("no-tool"), tool: undefined },
    { ...base, id: id("bad-time"), time: "yesterday at noon" },
    {
      ...base,
      id: id("labels"),
      labels: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, "v"])),
    },
    { ...base, id: id("unknown-field"), tenant: "someone-else" },
  ];
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
