import { OUTCOMES, type Outcome } from "../../lib/core/contract";
import { DURATION_THRESHOLDS, durationBucket, p95FromHistogram } from "./duration-buckets";
import { OWN_INGEST_KEY, OWN_SERVER_NAME } from "./own-activity";
import { DAY_MS, HOUR_MS } from "./tiers";
import type { Dimension, EventFilter, EventRow, EventSummary, TimeBucket, TopEntry } from "./types";

/**
 * Test data for the tiered reads and the answers computed straight from the rows, with no store:
 * what every backend's summarize, countOverTime and topN must return, whichever rollups and raw
 * edges they combine. Times carry milliseconds, and some fall exactly on hour and day boundaries.
 */
export const TRUTH_DAY = Date.UTC(2026, 2, 3);

const WRITER = "w-tiers";

function h(n: number, salt: number): number {
  let x = (n * 0x9e3779b1 + salt * 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0;
  return (x ^ (x >>> 12)) >>> 0;
}

const pick = <T>(xs: readonly T[], n: number, salt: number): T => xs[h(n, salt) % xs.length] as T;
const maybe = <T>(v: T, n: number, salt: number): T | null => (h(n, salt) % 5 === 0 ? null : v);

/** About 900 events over 4.5 days, 100 per sealed batch in time order. */
export function truthRows(tenantId: string): EventRow[] {
  const times: number[] = [];
  // Every 7 min 13.457 s from 6 hours before the first day, plus events exactly on boundaries.
  for (let t = TRUTH_DAY - 6 * HOUR_MS; t < TRUTH_DAY + 4 * DAY_MS; t += 433_457) times.push(t);
  for (const d of [0, 1, 2, 3]) times.push(TRUTH_DAY + d * DAY_MS, TRUTH_DAY + d * DAY_MS - 1);
  for (const hr of [3, 5, 7, 29, 52])
    times.push(TRUTH_DAY + hr * HOUR_MS, TRUTH_DAY + hr * HOUR_MS - 1);
  times.sort((a, b) => a - b);
  return times.map((t, i) => {
    const outcome = pick(OUTCOMES, i, 1);
    const denied = outcome === "denied";
    const duration =
      h(i, 2) % 9 === 0
        ? null
        : h(i, 3) % 7 === 0
          ? (DURATION_THRESHOLDS[h(i, 4) % 200] as number)
          : (h(i, 5) % 40_000) / 10 + (h(i, 6) % 3 === 0 ? 0 : 0.25);
    const row: EventRow = {
      tenantId,
      id: `tier-${String(i).padStart(4, "0")}`,
      time: new Date(t).toISOString(),
      receivedAt: new Date(t).toISOString(),
      serverName: pick(["sa", "sb", "sc"], i, 7),
      method: "tools/call",
      tool: maybe(pick(["xa", "xb", "xc", "xd", "xe"], i, 8), i, 9),
      actorId: `u${h(i, 10) % 12}`,
      actorType: null,
      clientName: maybe(pick(["ca", "cb", "cc"], i, 11), i, 12),
      agentId: maybe(pick(["ga", "gb"], i, 13), i, 14),
      sessionId: `s${i % 7}`,
      conversationId: null,
      traceId: null,
      outcome,
      verdict: denied ? "deny" : maybe("allow", i, 15),
      policyId: denied ? maybe(pick(["pa", "pb"], i, 16), i, 17) : null,
      dataClassification: maybe(pick(["public", "internal"], i, 18), i, 19),
      errorType: null,
      durationMs: duration,
      resultBytes: null,
      redactionCount: h(i, 20) % 4,
      argsHmac: null,
      ingestKeyId: "k",
      writerId: WRITER,
      batchSeq: Math.floor(i / 100) + 1,
      leafIndex: i % 100,
      doc: "",
    };
    row.doc = JSON.stringify({ id: row.id, time: row.time, tool: row.tool, outcome });
    return row;
  });
}

const VALUE: Record<Dimension, (r: EventRow) => string | null> = {
  server: (r) => r.serverName,
  tool: (r) => r.tool,
  actor: (r) => r.actorId,
  client: (r) => r.clientName,
  agent: (r) => r.agentId,
  outcome: (r) => r.outcome,
  verdict: (r) => r.verdict,
  policy: (r) => r.policyId,
  classification: (r) => r.dataClassification,
};

/** Tooltrail's own event (own-activity.ts): the dashboard's server through the internal entrance. */
const isOwn = (r: EventRow) => r.serverName === OWN_SERVER_NAME && r.ingestKeyId === OWN_INGEST_KEY;

/** The rows a filter selects (dimensions, time range, session, activity; free text on the tool). */
export function select(rows: EventRow[], f: EventFilter): EventRow[] {
  return rows.filter((r) => {
    const t = Date.parse(r.time);
    if (f.from && t < f.from.getTime()) return false;
    if (f.to && t >= f.to.getTime()) return false;
    if (f.session && r.sessionId !== f.session) return false;
    if (f.text && !(r.tool ?? "").includes(f.text)) return false;
    if (f.activity && f.activity !== "all" && (f.activity === "dashboard") !== isOwn(r))
      return false;
    for (const d of Object.keys(VALUE) as Dimension[]) {
      const want = f[d] as string[] | undefined;
      if (want && want.length > 0 && !want.includes(VALUE[d](r) ?? "\u0000")) return false;
    }
    return true;
  });
}

export function truthSummary(rows: EventRow[], f: EventFilter): EventSummary {
  const sel = select(rows, f);
  const outcomes: Partial<Record<Outcome, number>> = {};
  for (const r of sel) outcomes[r.outcome as Outcome] = (outcomes[r.outcome as Outcome] ?? 0) + 1;
  const hist = new Map<number, number>();
  for (const r of sel)
    if (r.durationMs !== null)
      hist.set(durationBucket(r.durationMs), (hist.get(durationBucket(r.durationMs)) ?? 0) + 1);
  return {
    events: sel.length,
    actors: new Set(sel.map((r) => r.actorId)).size,
    outcomes,
    redactions: sel.reduce((s, r) => s + r.redactionCount, 0),
    p95DurationMs: p95FromHistogram(hist),
  };
}

const byKey = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

export function truthSeries(
  rows: EventRow[],
  f: EventFilter,
  seconds: number,
  by?: Dimension,
): TimeBucket[] {
  const counts = new Map<string, TimeBucket>();
  for (const r of select(rows, f)) {
    const start = Math.floor(Date.parse(r.time) / (seconds * 1000)) * seconds * 1000;
    const key = by ? VALUE[by](r) : null;
    const id = `${start}\u0000${key}`;
    const b = counts.get(id) ?? { start: new Date(start), key, count: 0 };
    b.count++;
    counts.set(id, b);
  }
  return [...counts.values()].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || byKey(a.key, b.key),
  );
}

export function truthTop(rows: EventRow[], f: EventFilter, by: Dimension, limit: number) {
  const counts = new Map<string, number>();
  for (const r of select(rows, f)) {
    const k = VALUE[by](r);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([key, count]): TopEntry => ({ key, count }))
    .sort((a, b) => b.count - a.count || byKey(a.key, b.key))
    .slice(0, limit);
}
