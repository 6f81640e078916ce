import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectClickHouse } from "../db/clickhouse/client";
import { openClickHouseStore } from "../db/store/clickhouse/open";
import { openPgliteStore } from "../db/store/pglite";
import { clickhouseInstalled, startClickHouse } from "../test/fixtures/clickhouse-server";
import { measureQuality } from "./detect/quality";
import { ratio } from "./detect/score";
import { measureSpeed, type SpeedRun } from "./detect/speed";
import { generateInClickHouse } from "./query/synthetic-clickhouse";
import { syntheticRow } from "./query/synthetic-rows";

/**
 * `npm run bench:detect`: anomaly detection's quality and cost.
 * 1. Precision and recall per rule on `tooltrail demo --anomalies` traffic (ground truth).
 * 2. What keeping up with ingest costs: 1 million stored events over 30 days (PGlite) and 10
 *    million (ClickHouse), backfill of 28 days, then traffic at the store's documented ingest rate
 *    evaluated as the scheduler does, against the same events read with no rules.
 * BENCH_DETECT_DAYS (14), BENCH_DETECT_PER_DAY (2000), BENCH_PGLITE_EVENTS (1,000,000),
 * BENCH_CH_EVENTS (10,000,000) over 30 days, plus BENCH_DETECT_TRAFFIC_SECONDS (60) of traffic at
 * the rate; 0 events leaves a store out, BENCH_DETECT_QUALITY=0 the first part.
 */
const DAYS = Number(process.env.BENCH_DETECT_DAYS ?? 14);
const PER_DAY = Number(process.env.BENCH_DETECT_PER_DAY ?? 2000);
const PGLITE_EVENTS = Number(process.env.BENCH_PGLITE_EVENTS ?? 1_000_000);
const CH_EVENTS = Number(process.env.BENCH_CH_EVENTS ?? 10_000_000);
const TRAFFIC_SECONDS = Number(process.env.BENCH_DETECT_TRAFFIC_SECONDS ?? 60);
const SPAN_MS = 30 * 86_400_000;
/** The generator spreads each event up to a minute before its slot. */
const JITTER_MS = 60_000;
/** Ingest rates of docs/performance.md (pipeline, events/s): the traffic's density. */
const INGEST_RATES = { PGlite: 4_820, ClickHouse: 11_208 } as const;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * Traffic at `rate` over the last TRAFFIC_SECONDS before `nowMs`: the generators place event n
 * of `total` at `now - n x 30 days / total` (less up to a minute), so a total stretched by
 * 30 days / the segment packs `count` events into it, shifted past the history's events.
 */
function trafficLayout(rate: number, history: number, nowMs: number) {
  const count = Math.round(rate * TRAFFIC_SECONDS);
  const total = Math.round((count * SPAN_MS) / (TRAFFIC_SECONDS * 1000));
  const shift = Math.floor((history * SPAN_MS) / total);
  return { count, total, nowMs: nowMs + shift, from: nowMs - TRAFFIC_SECONDS * 1000 - JITTER_MS };
}

async function quality() {
  // Detection is enabled six days before the end: the demo's anomalies are in its last five days.
  const q = await measureQuality({ days: DAYS, perDay: PER_DAY, learnDays: DAYS - 6, seed: 1 });
  console.log(
    `\n1. Quality: ${fmt(q.events)} demo events over ${q.days} days, ${q.truth.length} labelled anomalies`,
  );
  console.log("rule                    truth  recalled  recall  flags  true+  precision");
  let tp = 0;
  let flags = 0;
  for (const s of q.scores) {
    tp += s.truePositives;
    flags += s.flags;
    console.log(
      `${s.rule.padEnd(22)} ${String(s.truth).padStart(6)} ${String(s.recalled).padStart(9)} ${ratio(s.recalled, s.truth).padStart(7)} ${String(s.flags).padStart(6)} ${String(s.truePositives).padStart(6)} ${ratio(s.truePositives, s.flags).padStart(10)}`,
    );
  }
  console.log(`overall precision ${ratio(tp, flags)} (${tp} of ${flags} flags expected)`);
  for (const s of q.scores) {
    for (const m of s.missed) console.log(`  missed ${m}`);
    for (const f of s.falsePositives.slice(0, 5)) console.log(`  unexpected ${f}`);
  }
  if (q.skipped.length > 0)
    console.log(
      `not scored here: ${q.skipped.map((t) => t.rule).join(", ")} (recorded at run time by tooltrail demo)`,
    );
  console.log(
    `backfill ${fmt(q.backfill.events)} events in ${fmt(q.backfill.wallMs)} ms; evaluation ${fmt(q.evaluation.events)} events in ${q.evaluation.windows} windows, ${fmt(q.evaluation.wallMs)} ms`,
  );
}

function report(r: SpeedRun) {
  const perEvent = (r.steady.cpuMs * 1000) / Math.max(1, r.steady.events);
  const rawPerEvent = (r.raw.cpuMs * 1000) / Math.max(1, r.raw.events);
  const trafficSeconds = r.steady.events / r.rate;
  const cpuPerMinute = (r.steady.cpuMs / 1000 / trafficSeconds) * 60;
  console.log(`\n${r.label}`);
  if (r.backfill)
    console.log(
      `  backfill (28 days): ${fmt(r.backfill.events)} events in ${fmt(r.backfill.wallMs)} ms (${fmt((r.backfill.events / r.backfill.wallMs) * 1000)} events/s, ${r.backfill.steps} steps)`,
    );
  console.log(
    `  traffic at ${fmt(r.rate)} events/s: ${fmt(r.steady.events)} events (${trafficSeconds.toFixed(1)} s of traffic) in ${r.steady.windows} windows, CPU ${fmt(r.steady.cpuMs)} ms, wall ${fmt(r.steady.wallMs)} ms: ${perEvent.toFixed(1)} µs per event`,
  );
  console.log(
    `  CPU per minute of traffic ${cpuPerMinute.toFixed(2)} s: ${(cpuPerMinute / 0.6).toFixed(1)}% of one core`,
  );
  if (r.serverCpuMs !== null)
    console.log(
      `  database server CPU over the same windows ${fmt(r.serverCpuMs)} ms: ${((r.serverCpuMs / 1000 / trafficSeconds) * 100).toFixed(1)}% of one core more`,
    );
  console.log(
    `  baseline, the same events read with no rules: ${rawPerEvent.toFixed(1)} µs per event (${((rawPerEvent * r.rate) / 10_000).toFixed(1)}% of a core at the rate); evaluation/raw read ${ratio(perEvent, rawPerEvent)}`,
  );
  const windows = Math.max(1, r.steady.windows);
  const phases = Object.entries(r.phases).sort((a, b) => b[1] - a[1]);
  const fl = r.steady.flags;
  console.log(
    `  flags per window: ${(fl.created / windows).toFixed(1)} created, ${(fl.updated / windows).toFixed(1)} extended, ${(fl.ended / windows).toFixed(1)} ended (created by rule: ${Object.entries(
      r.steady.byRule,
    )
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")})`,
  );
  const state = Object.entries(r.stateChars).sort((a, b) => b[1] - a[1]);
  console.log(
    `  rule state ${fmt(state.reduce((n, [, c]) => n + c, 0) / 1000)} kB of JSON: ${state
      .slice(0, 6)
      .map(([k, c]) => `${k} ${fmt(c / 1000)} kB`)
      .join(", ")}`,
  );
  const named = phases.reduce((n, [, ms]) => n + ms, 0);
  console.log(
    `  CPU per window (ms): ${phases.map(([k, ms]) => `${k} ${(ms / windows).toFixed(1)}`).join(", ")}, other ${((r.steady.cpuMs - named) / windows).toFixed(1)}`,
  );
}

async function pglite() {
  if (PGLITE_EVENTS === 0) return;
  const dir = mkdtempSync(join(tmpdir(), "tt-bench-detect-"));
  const store = await openPgliteStore(join(dir, "pglite"));
  try {
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    const nowMs = Date.now();
    for (let i = 0; i < PGLITE_EVENTS; i += 1000) {
      const rows = [];
      for (let n = i; n < Math.min(PGLITE_EVENTS, i + 1000); n++)
        rows.push(syntheticRow("acme", n, PGLITE_EVENTS, nowMs));
      await store.rawInsertEvents(rows);
    }
    const t = trafficLayout(INGEST_RATES.PGlite, PGLITE_EVENTS, nowMs);
    for (let i = 0; i < t.count; i += 1000) {
      const rows = [];
      for (let n = i; n < Math.min(t.count, i + 1000); n++)
        rows.push(syntheticRow("acme", PGLITE_EVENTS + n, t.total, t.nowMs));
      await store.rawInsertEvents(rows);
    }
    const r = await measureSpeed({
      label: `2. PGlite, ${fmt(PGLITE_EVENTS)} events over 30 days + ${TRAFFIC_SECONDS} s of traffic at ${fmt(INGEST_RATES.PGlite)} events/s`,
      store,
      stored: PGLITE_EVENTS + t.count,
      rate: INGEST_RATES.PGlite,
      from: t.from,
      to: nowMs,
      backfill: true,
    });
    report(r);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function clickhouse() {
  if (CH_EVENTS === 0) return;
  if (!clickhouseInstalled()) {
    console.log("SKIP clickhouse: not installed (apt-get install -y clickhouse-server)");
    return;
  }
  const server = await startClickHouse();
  const store = await openClickHouseStore(
    { url: server.url, database: "tooltrail", cluster: null },
    await openPgliteStore(undefined),
  );
  const ch = await connectClickHouse(server.url);
  try {
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    const nowMs = Date.now();
    for (let loaded = 0; loaded < CH_EVENTS; loaded += 1_000_000) {
      const count = Math.min(1_000_000, CH_EVENTS - loaded);
      const o = { database: "tooltrail", tenant: "acme", offset: loaded, count, total: CH_EVENTS };
      await generateInClickHouse(ch, { ...o, nowMs });
    }
    const t = trafficLayout(INGEST_RATES.ClickHouse, CH_EVENTS, nowMs);
    const traffic = { database: "tooltrail", tenant: "acme", offset: CH_EVENTS, count: t.count };
    if (t.count > 0) await generateInClickHouse(ch, { ...traffic, total: t.total, nowMs: t.nowMs });
    const pid = server.pid();
    const r = await measureSpeed({
      label: `3. ClickHouse 18.16, ${fmt(CH_EVENTS)} events over 30 days + ${TRAFFIC_SECONDS} s of traffic at ${fmt(INGEST_RATES.ClickHouse)} events/s (control store: PGlite)`,
      store,
      stored: CH_EVENTS + t.count,
      rate: INGEST_RATES.ClickHouse,
      from: t.from,
      to: nowMs,
      backfill: process.env.BENCH_CH_BACKFILL !== "0",
      ...(pid ? { serverCpuMs: () => processCpuMs(pid) } : {}),
    });
    report(r);
  } finally {
    await ch.close();
    await store.close();
    await server.stop();
  }
}

/** User + system CPU of another process so far (Linux /proc; clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

if (process.env.BENCH_DETECT_QUALITY !== "0") await quality();
await pglite();
await clickhouse();
