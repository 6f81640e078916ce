import type { EventV1Input } from "../lib/core/contract";

const TOOLS = [
  ["github", "create_issue"],
  ["github", "search_code"],
  ["filesystem", "read_file"],
  ["filesystem", "write_file"],
  ["postgres", "query"],
  ["slack", "post_message"],
] as const;
const OUTCOMES = [
  "ok",
  "ok",
  "ok",
  "ok",
  "ok",
  "ok",
  "error",
  "denied",
  "rate_limited",
  "invalid",
] as const;

/**
 * Benchmark events: the shape and size of real traffic (nested arguments, identity, controls),
 * with a secret in one event of fifty so redaction does real work, and unique ids per run.
 */
export function syntheticEvent(run: string, i: number, baseMs: number): EventV1Input {
  const [server, tool] = TOOLS[i % TOOLS.length] as (typeof TOOLS)[number];
  const outcome = OUTCOMES[i % OUTCOMES.length] as (typeof OUTCOMES)[number];
  return {
    id: `${run}-${i}`,
    time: new Date(baseMs + i).toISOString(),
    server: { name: server, version: "1.4.2", instance: `${server}-1` },
    tool,
    actor: {
      id: `user-${i % 97}`,
      type: "user",
      name: `User ${i % 97}`,
      email: `user${i % 97}@example.com`,
      roles: ["engineer"],
      auth: "oauth",
      ip: `10.0.${i % 250}.${i % 200}`,
    },
    client: { name: "Cursor", version: "1.2.0" },
    agent: { id: "coder", model: "claude-sonnet" },
    session_id: `s-${Math.floor(i / 20)}`,
    trace_id: `t-${Math.floor(i / 5)}`,
    arguments: {
      path: `/srv/app/src/module-${i % 300}/index.ts`,
      query:
        i % 50 === 0
          ? "token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"
          : `select * from orders where id = ${i}`,
      options: { recursive: i % 2 === 0, limit: 100, tags: ["a", "b", "c"] },
    },
    outcome,
    ...(outcome === "error"
      ? { error: { type: "ToolError", code: "E_IO", message: "read failed: permission denied" } }
      : {}),
    ...(outcome === "denied"
      ? {
          decision: {
            verdict: "deny" as const,
            policy_id: "prod-policy",
            rule_id: "no-write",
            reason: "write outside allowed paths",
          },
        }
      : { decision: { verdict: "allow" as const, policy_id: "prod-policy" } }),
    duration_ms: 3 + (i % 40),
    result_bytes: 512 + (i % 4096),
    data_classification: "internal",
    labels: { env: "prod", region: "eu-west-1" },
  };
}

export function ndjsonBodies(
  run: string,
  total: number,
  perBody: number,
  baseMs: number,
): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < total; start += perBody) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(total, start + perBody); i++)
      lines.push(JSON.stringify(syntheticEvent(run, i, baseMs)));
    bodies.push(lines.join("\n"));
  }
  return bodies;
}
