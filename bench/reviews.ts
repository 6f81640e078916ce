import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectClickHouse } from "../db/clickhouse/client";
import { openClickHouseStore } from "../db/store/clickhouse/open";
import { openPgliteStore } from "../db/store/pglite";
import type { Store } from "../db/store/types";
import { clickhouseInstalled, startClickHouse } from "../test/fixtures/clickhouse-server";
import { generateReviewEvents } from "./reviews/clickhouse-rows";
import { type Measured, measureReviews, PERIOD_DAYS } from "./reviews/measure";
import { reviewRow } from "./reviews/rows";
import { setUpTenant } from "./reviews/setup";

/**
 * `npm run bench:reviews`: access reviews at scale (issue 13). N events over 180 days from a
 * few thousand principals on 30 servers with 360 tools (skewed), three ingest keys, two Guard
 * policies, twenty members; then (a) a 90-day campaign's population (the observed-use scan
 * and the whole load) against a raw count of the same events in the same run, and one real
 * start; (b) the entries page's data load at p50/p95. Targets (issue 13): population under
 * 10 s at 10 M events, entries page under 300 ms p95.
 * BENCH_BACKENDS (pglite,clickhouse), BENCH_REVIEWS_EVENTS (default 1,000,000 on PGlite,
 * 10,000,000 on ClickHouse), BENCH_RUNS (3), BENCH_PAGE_REQUESTS (50).
 */
const BACKENDS = (process.env.BENCH_BACKENDS ?? "pglite,clickhouse").split(",");
const EVENTS = process.env.BENCH_REVIEWS_EVENTS;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAGE_REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 50);
const TENANT = "acme";
const now = new Date();
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const results: { label: string; load: string; m: Measured }[] = [];

async function run(label: string, store: Store, load: string) {
  const m = await measureReviews(store, TENANT, now, { runs: RUNS, pageRequests: PAGE_REQUESTS });
  results.push({ label, load, m });
  console.log(`measured ${label}`);
}

async function pglite() {
  const total = Number(EVENTS ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), "tt-bench-reviews-"));
  const store = await openPgliteStore(join(dir, "pglite"));
  try {
    await store.migrate();
    await setUpTenant(store, TENANT, now);
    const t0 = performance.now();
    for (let i = 0; i < total; i += 1000) {
      const rows = [];
      for (let n = i; n < Math.min(total, i + 1000); n++)
        rows.push(reviewRow(TENANT, n, total, now.getTime()));
      await store.rawInsertEvents(rows);
    }
    const s = (performance.now() - t0) / 1000;
    await run(`PGlite, ${fmt(total)}`, store, `${fmt(total / s)} rows/s (${s.toFixed(0)} s)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function clickhouse() {
  if (!clickhouseInstalled()) {
    console.log("SKIP clickhouse: not installed (apt-get install -y clickhouse-server)");
    return;
  }
  const total = Number(EVENTS ?? 10_000_000);
  const server = await startClickHouse();
  const store = await openClickHouseStore(
    { url: server.url, database: "tooltrail", cluster: null },
    await openPgliteStore(undefined),
  );
  const ch = await connectClickHouse(server.url);
  try {
    await store.migrate();
    await setUpTenant(store, TENANT, now);
    const t0 = performance.now();
    const chunk = 1_000_000;
    for (let offset = 0; offset < total; offset += chunk)
      await generateReviewEvents(ch, {
        database: "tooltrail",
        tenant: TENANT,
        offset,
        count: Math.min(chunk, total - offset),
        total,
        nowMs: now.getTime(),
      });
    const s = (performance.now() - t0) / 1000;
    console.error(`  loaded ${fmt(total)} in ${s.toFixed(0)} s`);
    await run(
      `ClickHouse, ${fmt(total)}`,
      store,
      `${fmt(total / s)} rows/s generated in-server (${s.toFixed(0)} s)`,
    );
  } finally {
    await ch.close();
    await store.close();
    await server.stop();
  }
}

if (BACKENDS.includes("pglite")) await pglite();
if (BACKENDS.includes("clickhouse")) await clickhouse();

const pct = (ms: number[], p: number) => {
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? Number.NaN;
};
console.log(`\naccess reviews, ${PERIOD_DAYS}-day campaign: p50 / p95 (max) in ms`);
for (const r of results) {
  console.log(`\n${r.label} (load ${r.load})`);
  const base = pct(r.m.timings[0]?.ms ?? [], 50);
  for (const t of r.m.timings)
    console.log(
      `  ${t.name.padEnd(40)} ${pct(t.ms, 50).toFixed(0).padStart(8)} / ${pct(t.ms, 95).toFixed(0).padStart(8)}  (${t.ms.length} runs)  ${(pct(t.ms, 50) / base).toFixed(1)}x baseline`,
    );
  console.log(
    `  principals ${fmt(r.m.principals)}, usage rows ${fmt(r.m.usageRows)}, entries ${fmt(r.m.entries)}, reconciled ${r.m.reconciled}; one full start (population, routing, stored) ${fmt(r.m.startMs)} ms`,
  );
}
