import { mkdtempSync, rmSync } from "node:fs";
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
 * 2. Evaluation cost at 1 million stored events (PGlite) and 10 million (ClickHouse): backfill
 *    of 28 days, then one-minute windows, against the same windows read with no rules.
 * BENCH_DETECT_DAYS (14), BENCH_DETECT_PER_DAY (2000), BENCH_PGLITE_EVENTS (1,000,000),
 * BENCH_CH_EVENTS (10,000,000) over 30 days, plus BENCH_DETECT_DENSE (120,000) in the last ten
 * minutes; 0 events leaves a store out, BENCH_DETECT_QUALITY=0 the first part.
 */
const DAYS = Number(process.env.BENCH_DETECT_DAYS ?? 14);
const PER_DAY = Number(process.env.BENCH_DETECT_PER_DAY ?? 2000);
const PGLITE_EVENTS = Number(process.env.BENCH_PGLITE_EVENTS ?? 1_000_000);
const CH_EVENTS = Number(process.env.BENCH_CH_EVENTS ?? 10_000_000);
/** A dense last stretch (events over `DENSE_MINUTES`) so one-minute windows carry real load. */
const DENSE = Number(process.env.BENCH_DETECT_DENSE ?? 120_000);
const DENSE_MINUTES = 10;
const SPAN_MS = 30 * 86_400_000;
/** Ingest rates of docs/performance.md (pipeline, events/s), to say what keeping up costs. */
const INGEST_RATES = { PGlite: 4_820, ClickHouse: 11_208 } as const;
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

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

function report(r: SpeedRun, rate: number) {
  const perEvent = (r.steady.cpuMs * 1000) / Math.max(1, r.steady.events);
  const perMinute = r.steady.cpuMs / Math.max(1, r.steady.windows);
  const rawPerEvent = (r.raw.cpuMs * 1000) / Math.max(1, r.raw.events);
  console.log(`\n${r.label}`);
  if (r.backfill)
    console.log(
      `  backfill (28 days): ${fmt(r.backfill.events)} events in ${fmt(r.backfill.wallMs)} ms (${fmt((r.backfill.events / r.backfill.wallMs) * 1000)} events/s, ${r.backfill.steps} steps)`,
    );
  console.log(
    `  evaluation, one-minute windows over the last ${r.minutes} min: ${fmt(r.steady.events)} events in ${r.steady.windows} windows, CPU ${fmt(r.steady.cpuMs)} ms: ${perEvent.toFixed(1)} µs per event, ${perMinute.toFixed(1)} ms per minute of traffic`,
  );
  console.log(
    `  baseline, the same windows read with no rules: ${perEvent > 0 ? rawPerEvent.toFixed(1) : "–"} µs per event; evaluation/raw read ${ratio(perEvent, rawPerEvent)}`,
  );
  console.log(
    `  keeping up with ingest at ${fmt(rate)} events/s (docs/performance.md) takes ${((perEvent * rate) / 10_000).toFixed(1)}% of one core`,
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
    // The dense segment: the generator's times run back from `now` over 30 days of `total`
    // events, so a total stretched by 30 d / 10 min packs these into the last ten minutes.
    const total = Math.round((DENSE * SPAN_MS) / (DENSE_MINUTES * 60_000));
    const shift = Math.floor((PGLITE_EVENTS * SPAN_MS) / total);
    for (let i = 0; i < DENSE; i += 1000) {
      const rows = [];
      for (let n = i; n < Math.min(DENSE, i + 1000); n++)
        rows.push(syntheticRow("acme", PGLITE_EVENTS + n, total, nowMs + shift));
      await store.rawInsertEvents(rows);
    }
    const r = await measureSpeed({
      label: `2. PGlite, ${fmt(PGLITE_EVENTS)} events over 30 days + ${fmt(DENSE)} in the last ${DENSE_MINUTES} min`,
      store,
      stored: PGLITE_EVENTS + DENSE,
      nowMs,
      minutes: DENSE_MINUTES,
      backfill: true,
    });
    report(r, INGEST_RATES.PGlite);
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
    const total = Math.round((DENSE * SPAN_MS) / (DENSE_MINUTES * 60_000));
    const shift = Math.floor((CH_EVENTS * SPAN_MS) / total);
    const dense = { database: "tooltrail", tenant: "acme", offset: CH_EVENTS, count: DENSE, total };
    if (DENSE > 0) await generateInClickHouse(ch, { ...dense, nowMs: nowMs + shift });
    const r = await measureSpeed({
      label: `3. ClickHouse 18.16, ${fmt(CH_EVENTS)} events over 30 days + ${fmt(DENSE)} in the last ${DENSE_MINUTES} min (control store: PGlite)`,
      store,
      stored: CH_EVENTS + DENSE,
      nowMs,
      minutes: DENSE_MINUTES,
      backfill: process.env.BENCH_CH_BACKFILL !== "0",
    });
    report(r, INGEST_RATES.ClickHouse);
  } finally {
    await ch.close();
    await store.close();
    await server.stop();
  }
}

if (process.env.BENCH_DETECT_QUALITY !== "0") await quality();
await pglite();
await clickhouse();
