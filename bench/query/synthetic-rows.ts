import type { EventRow } from "../../db/store/types";
import type { StoredEvent } from "../../lib/core/contract";
import { storedRow } from "../../test/fixtures/event-rows";
import { SHAPE } from "./synthetic-shape";

/** A cheap deterministic hash of (n, salt), for distributions like the ClickHouse generator's. */
function h(n: number, salt: number): number {
  let x = (n * 0x9e3779b1 + salt * 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

const pick = <T>(values: readonly T[], n: number, salt: number): T =>
  values[h(n, salt) % values.length] as T;

/** 0..count-1, skewed towards 0: the cube of a uniform draw. */
const skewed = (count: number, n: number, salt: number) =>
  Math.floor(count * (h(n, salt) / 2 ** 32) ** 3);

/**
 * Event rows built straight from templates (no validation, redaction or hashing): the query
 * benchmark measures reads, so loading must be quick. Same distributions as the ClickHouse one.
 */
export function syntheticRow(tenantId: string, n: number, total: number, nowMs: number): EventRow {
  const t = nowMs - Math.floor((n * SHAPE.spanMs) / total) - (h(n, 9) % 60_000);
  const time = new Date(t).toISOString();
  const s = skewed(SHAPE.servers.length, n, 1);
  const v = skewed(SHAPE.verbs.length, n, 2);
  const server = SHAPE.servers[s] as string;
  const tool = `${server}_${SHAPE.verbs[v]}`;
  const actor = `user-${skewed(SHAPE.actors, n, 3)}`;
  const client = h(n, 4) % 5 === 0 ? null : pick(SHAPE.clients, n, 4);
  const outcome = pick(SHAPE.outcomes, n, 6);
  const verdict = outcome === "denied" ? "deny" : "allow";
  // A tool handles one class of data.
  const classification = SHAPE.classifications[
    (s * 6 + v) % SHAPE.classifications.length
  ] as string;
  const duration = (h(n, 11) % 20_000) / 10;
  const id = `evt-${n}`;
  const doc = {
    id,
    time,
    server: { name: server },
    method: "tools/call",
    tool,
    actor: { id: actor, type: "user" },
    ...(client ? { client: { name: client } } : {}),
    agent: { id: `agent-${h(n, 5) % SHAPE.agents}` },
    session_id: `s-${Math.floor(n / 20)}`,
    trace_id: `t-${Math.floor(n / 5)}`,
    arguments: {
      path: `/srv/app/src/module-${h(n, 10) % 300}/index.ts`,
      options: { recursive: true, limit: 100 },
    },
    outcome,
    ...(outcome === "error" ? { error: { type: "ToolError" } } : {}),
    ...(h(n, 8) % 50 === 0
      ? { redactions: [{ field: "arguments.path", type: "secret", count: 1 }] }
      : {}),
    decision: { verdict, policy_id: "prod-policy" },
    duration_ms: duration,
    data_classification: classification,
    tenant_id: tenantId,
    received_at: time,
    ingest_key_id: "k",
  };
  return storedRow(doc as StoredEvent, {
    writerId: "bench",
    batchSeq: Math.floor(n / 1000) + 1,
    leafIndex: n % 1000,
  });
}
