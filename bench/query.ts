import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectClickHouse } from "../db/clickhouse/client";
import { openClickHouseStore } from "../db/store/clickhouse/open";
import { openPgliteStore } from "../db/store/pglite";
import type { Store } from "../db/store/types";
import { clickhouseInstalled, startClickHouse } from "../test/fixtures/clickhouse-server";
import { timeFacetReads } from "./query/facet-reads";
import { type ReadTiming, timeDashboardReads } from "./query/reads";
import { generateInClickHouse } from "./query/synthetic-clickhouse";
import { syntheticRow } from "./query/synthetic-rows";

/**
 * `npm run bench:query`: the dashboard's reads (overview series, KPIs, top-N, listing pages,
 * event by id) at p50/p95 over repeated runs: ClickHouse at 1 and 10 million events beside the
 * embedded PGlite at 1 million, and the explorer's facets and totals (query/facet-reads.ts).
 * The baseline row of each store is a count that must scan raw events (a range not on whole
 * hours), measured in the same run. `BENCH_PGLITE_EVENTS=0` or `BENCH_CH_EVENTS=0` leaves that
 * store out; `BENCH_QUERY_READS=facets` times only the facet reads and the baseline.
 */
const CH_EVENTS = Number(process.env.BENCH_CH_EVENTS ?? 10_000_000);
const PGLITE_EVENTS = Number(process.env.BENCH_PGLITE_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
/** `facets`: only the explorer's facet and total reads (and the baseline). */
const READS = process.env.BENCH_QUERY_READS ?? "all";
const nowMs = Date.now();
const results: { label: string; load: string; timings: ReadTiming[] }[] = [];

async function measure(label: string, store: Store, total: number, load: string) {
  const t = store.forTenant("acme");
  const timings =
    READS === "facets" ? [] : await timeDashboardReads(t, { nowMs, total, runs: RUNS });
  timings.push(...(await timeFacetReads(t, { nowMs, runs: RUNS })));
  // Baseline: 30 days counted from raw events (the range is off the hour, so no rollup answers).
  const from = new Date(nowMs - 30 * 86_400_000 + 1);
  const ms: number[] = [];
  for (let i = 0; i < Math.max(5, RUNS / 2); i++) {
    const t0 = performance.now();
    await t.countEvents({ from });
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const p50 = ms[Math.floor(ms.length / 2)] as number;
  timings.push({
    name: "baseline: raw count, 30 d",
    p50,
    p95: ms.at(-1) as number,
    runs: ms.length,
  });
  results.push({ label, load, timings });
  console.log(`measured ${label}`);
}

async function pglite() {
  if (PGLITE_EVENTS === 0) return;
  const dir = mkdtempSync(join(tmpdir(), "tt-bench-query-"));
  const store = await openPgliteStore(join(dir, "pglite"));
  try {
    await store.migrate();
    const t0 = performance.now();
    for (let i = 0; i < PGLITE_EVENTS; i += 1000) {
      const rows = [];
      for (let n = i; n < Math.min(PGLITE_EVENTS, i + 1000); n++)
        rows.push(syntheticRow("acme", n, PGLITE_EVENTS, nowMs));
      await store.rawInsertEvents(rows);
    }
    const s = (performance.now() - t0) / 1000;
    await measure(
      `PGlite, ${fmt(PGLITE_EVENTS)}`,
      store,
      PGLITE_EVENTS,
      `${fmt(PGLITE_EVENTS / s)} rows/s`,
    );
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
    const first = Math.min(1_000_000, CH_EVENTS);
    let loaded = 0;
    let seconds = 0;
    const load = async (upTo: number) => {
      const t0 = performance.now();
      for (; loaded < upTo; loaded += Math.min(1_000_000, upTo - loaded)) {
        const count = Math.min(1_000_000, upTo - loaded);
        await generateInClickHouse(ch, {
          database: "tooltrail",
          tenant: "acme",
          offset: loaded,
          count,
          total: CH_EVENTS,
          nowMs,
        });
      }
      seconds += (performance.now() - t0) / 1000;
    };
    await load(first);
    await measure(`ClickHouse, ${fmt(first)}`, store, first, "generated in-server");
    if (CH_EVENTS > first) {
      await load(CH_EVENTS);
      await measure(
        `ClickHouse, ${fmt(CH_EVENTS)}`,
        store,
        CH_EVENTS,
        `${fmt(CH_EVENTS / seconds)} rows/s generated in-server`,
      );
    }
  } finally {
    await ch.close();
    await store.close();
    await server.stop();
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

await pglite();
await clickhouse();

const names = results[0]?.timings.map((t) => t.name) ?? [];
const width = Math.max(...names.map((n) => n.length));
console.log(
  `\nread p50 / p95 in ms (${RUNS} runs each; ClickHouse ${clickhouseInstalled() ? "18.16 as installed" : "skipped"})`,
);
console.log(`${"".padEnd(width)}  ${results.map((r) => r.label.padStart(22)).join("")}`);
for (const [i, name] of names.entries()) {
  const cells = results.map((r) => {
    const t = r.timings[i];
    return t ? `${t.p50.toFixed(1)} / ${t.p95.toFixed(1)}`.padStart(22) : "".padStart(22);
  });
  console.log(`${name.padEnd(width)}  ${cells.join("")}`);
}
for (const r of results) console.log(`load ${r.label}: ${r.load}`);
// Each read's p50 against the same run's baseline (a raw 30-day count) of its store.
console.log("\np50 / baseline p50 (same run)");
for (const r of results) {
  const base = r.timings.at(-1)?.p50 ?? Number.NaN;
  for (const t of r.timings.slice(0, -1))
    if (t.name.startsWith("explorer facets") || t.name.startsWith("explorer total"))
      console.log(`${r.label.padEnd(20)} ${t.name.padEnd(width)}  ${(t.p50 / base).toFixed(2)}x`);
}
