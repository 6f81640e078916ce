import type { EventRow } from "../../db/store/types";
import type { StoredEvent } from "../../lib/core/contract";
import { storedRow } from "../../test/fixtures/event-rows";
import { actorType, principalName, REVIEW_SHAPE, serverName, toolName } from "./shape";

/** A cheap deterministic hash of (n, salt), like bench/query/synthetic-rows.ts. */
export function h(n: number, salt: number): number {
  let x = (n * 0x9e3779b1 + salt * 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** 0..count-1, skewed towards 0: the cube of a uniform draw. */
const skewed = (count: number, n: number, salt: number) =>
  Math.floor(count * (h(n, salt) / 2 ** 32) ** 3);

/** The ingest key of event n of principal p: its home key 9 times in 10. */
export const keyIndex = (p: number, n: number) =>
  h(n, 7) % 10 === 0 ? (p + 1) % REVIEW_SHAPE.keys.length : p % REVIEW_SHAPE.keys.length;

/** Event n of `total`, placed at now - n x span / total (less up to a minute). */
export function reviewRow(tenantId: string, n: number, total: number, nowMs: number): EventRow {
  const S = REVIEW_SHAPE;
  const t = nowMs - Math.floor((n * S.spanMs) / total) - (h(n, 9) % 60_000);
  const time = new Date(t).toISOString();
  const p = skewed(S.principals, n, 3);
  const s = (p * 7 + skewed(S.serversPerPrincipal, n, 1)) % S.servers;
  const v = skewed(S.toolsPerServer, n, 2);
  const outcome = S.outcomes[h(n, 6) % S.outcomes.length] as string;
  const doc = {
    id: `evt-${n}`,
    time,
    server: { name: serverName(s) },
    method: "tools/call",
    tool: toolName(s, v),
    actor: { id: principalName(p), type: actorType(p) },
    session_id: `s-${Math.floor(n / 20)}`,
    arguments: { path: `/srv/app/module-${h(n, 10) % 300}` },
    outcome,
    decision: { verdict: outcome === "denied" ? "deny" : "allow", policy_id: "prod" },
    duration_ms: (h(n, 11) % 20_000) / 10,
    tenant_id: tenantId,
    received_at: time,
    ingest_key_id: S.keys[keyIndex(p, n)],
  };
  return storedRow(doc as StoredEvent, {
    writerId: "bench",
    batchSeq: Math.floor(n / 1000) + 1,
    leafIndex: n % 1000,
  });
}
