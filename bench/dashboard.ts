import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openPgliteStore } from "../db/store/pglite";
import { PASSWORD, startApp } from "../e2e/fixtures/app";
import { launchChromium, settled, signInBrowser } from "../e2e/fixtures/browser";
import { syntheticRow } from "./query/synthetic-rows";

/**
 * `npm run bench:dashboard`: the dashboard as a person meets it, on the embedded store with
 * 1 million events: the real one-process server (`tooltrail serve`) and headless Chromium. For
 * each page, p50/p95 over repeated visits of first contentful paint and of the moment every
 * streamed section has its data. Baseline, measured in the same run: the sign-in page, which
 * reads no event data.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const now = Date.now();

async function prefill(dir: string): Promise<number> {
  const store = await openPgliteStore(join(dir, "pglite"));
  await store.migrate();
  await store.admin.createTenant({ id: "acme", name: "Acme" });
  const t0 = performance.now();
  for (let i = 0; i < EVENTS; i += 1000) {
    const rows = [];
    for (let n = i; n < Math.min(EVENTS, i + 1000); n++)
      rows.push(syntheticRow("acme", n, EVENTS, now));
    await store.rawInsertEvents(rows);
  }
  await store.close();
  return EVENTS / ((performance.now() - t0) / 1000);
}

const PAGES: [string, string][] = [
  ["sign-in page (baseline)", "/sign-in"],
  ["overview, 24 h", "/acme?range=24h"],
  ["overview, 7 d", "/acme?range=7d"],
  ["overview, 30 d", "/acme?range=30d"],
  ["explorer, 24 h", "/acme/events?range=24h"],
  ["explorer, denied on one server, 7 d", "/acme/events?range=7d&outcome=denied&server=github"],
  ["actor page, 30 d", "/acme/actors/user-3?range=30d"],
];

const dir = mkdtempSync(join(tmpdir(), "tt-bench-dashboard-"));
try {
  const rate = await prefill(dir);
  console.log(
    `loaded ${EVENTS.toLocaleString("en-US")} events into PGlite at ${Math.round(rate).toLocaleString("en-US")} rows/s`,
  );
  const app = await startApp({ DATA_DIR: dir });
  const browser = await launchChromium();
  try {
    await app.user("acme", "bench@acme.test", "owner");
    const page = await browser.freshPage();
    await signInBrowser(page, app.url, "bench@acme.test", PASSWORD);
    console.log(`\n${RUNS} visits each after one warm-up; ms p50 / p95`);
    console.log(
      `${"page".padEnd(40)}${"first paint".padStart(18)}${"all data shown".padStart(18)}`,
    );
    for (const [name, path] of PAGES) {
      const fcp: number[] = [];
      const done: number[] = [];
      for (let i = 0; i <= RUNS; i++) {
        const t0 = performance.now();
        await page.goto(`${app.url}${path}`);
        await settled(page);
        const shown = performance.now() - t0;
        // Paint entries are queued asynchronously: wait for it rather than read too early.
        const paint = await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              new PerformanceObserver((list) => {
                const e = list.getEntriesByName("first-contentful-paint")[0];
                if (e) resolve(e.startTime);
              }).observe({ type: "paint", buffered: true });
              setTimeout(() => resolve(Number.NaN), 5_000);
            }),
        );
        if (i === 0) continue;
        fcp.push(paint);
        done.push(shown);
      }
      const cell = (all: number[]) => {
        const xs = all.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
        if (xs.length === 0) return "no data".padStart(18);
        const at = (q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))] as number;
        const missing = all.length - xs.length;
        return `${at(0.5).toFixed(0)} / ${at(0.95).toFixed(0)}${missing ? ` (${missing} none)` : ""}`.padStart(
          18,
        );
      };
      console.log(`${name.padEnd(40)}${cell(fcp)}${cell(done)}`);
    }
  } finally {
    await browser.close();
    await app.stop();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
