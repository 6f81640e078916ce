import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../db/store/open-store";
import type { EventRow } from "../db/store/types";
import { prepareEvent } from "../ingest/prepare/prepare";
import { toEventRow } from "../ingest/prepare/rows";
import { loadConfig } from "../lib/core/config";
import { validateEvent } from "../lib/core/contract";
import { compileRedactionPolicy } from "../lib/core/redact";
import { clickhouseInstalled, startClickHouse } from "../test/fixtures/clickhouse-server";
import { freePort } from "../test/fixtures/ports";
import { findPostgresBinaries, startPostgres } from "../test/fixtures/postgres-server";
import { startTooltrailProcess, stopProcess, tooltrail } from "../test/fixtures/tooltrail-process";
import { BODY_FLOOD_SCENARIOS, bodyFlood, formatBodyFlood } from "./body-flood";
import { cpuSecondsOf, memoryOf, runLoad } from "./load-client";
import { otlpPhase } from "./otlp";
import { ndjsonBodies, syntheticEvent } from "./synthetic";

/**
 * `npm run bench:ingest`: events/s through the HTTP pipeline versus the same store's raw insert
 * rate, measured in the same run, for PGlite and PostgreSQL. Then an overload phase showing that
 * memory stays bounded while excess load is answered 429/503, and (on PGlite) held-open 15 MiB
 * bodies, Content-Length and chunked, against MAX_INFLIGHT_BODY_BYTES.
 * BENCH_BODY_FLOOD_ONLY=1 runs only the held-open bodies.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 30_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

type Backend = {
  name: "pglite" | "postgres" | "clickhouse";
  env: Record<string, string>;
  serverArgs: string[];
  port: "PORT" | "INGEST_PORT";
  cleanup(): Promise<void>;
  /** The database server's process, when the bench started one (its CPU time is reported). */
  dbPid?: () => number | undefined;
};

async function rawRate(env: Record<string, string>): Promise<number> {
  const config = loadConfig({ ...env });
  const store = await openStore(config);
  await store.migrate();
  await store.admin.createTenant({ id: "raw", name: "raw" });
  const ctx = {
    tenantId: "raw",
    redaction: compileRedactionPolicy({}),
    redactionConfig: {},
    hmacKey: Buffer.alloc(32),
  };
  const rows: EventRow[] = [];
  const now = new Date().toISOString();
  for (let i = 0; i < EVENTS; i++) {
    const v = validateEvent(syntheticEvent("raw", i, Date.now() - 3_600_000), 1000);
    if (!v.ok) throw new Error(JSON.stringify(v.errors));
    rows.push(
      toEventRow(
        prepareEvent(v.event, v.truncated, ctx, "k", now, null),
        "bench",
        Math.floor(i / 1000) + 1,
        i % 1000,
      ),
    );
  }
  // ClickHouse wants large inserts; the SQL stores take 1000-row statements.
  const size = store.kind === "clickhouse" ? 10_000 : 1000;
  const t0 = performance.now();
  for (let i = 0; i < rows.length; i += size) await store.rawInsertEvents(rows.slice(i, i + size));
  const rate = rows.length / ((performance.now() - t0) / 1000);
  await store.close();
  return rate;
}

const cli = tooltrail;

function startServer(
  b: Backend,
  port: number,
  extraEnv: Record<string, string> = {},
): Promise<ChildProcess> {
  return startTooltrailProcess(
    b.serverArgs,
    // OTLP is measured through INGEST_PORT, so no run competes for OTLP's well-known port.
    { ...b.env, [b.port]: String(port), OTLP_PORT: "off", ...extraEnv },
    port,
    "inherit",
  );
}

const stop = (proc: ChildProcess) => stopProcess(proc);

async function storedRate(b: Backend, expected: number, since: number): Promise<number> {
  const store = await openStore(loadConfig({ ...b.env }));
  try {
    for (;;) {
      if ((await store.forTenant("bench").countEvents({})) >= expected)
        return EVENTS / ((performance.now() - since) / 1000);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await store.close();
  }
}

async function benchKey(b: Backend): Promise<string> {
  await cli(b.env, "tenants", "create", "bench");
  const { token } = JSON.parse(
    await cli(
      b.env,
      "keys",
      "create",
      "--tenant",
      "bench",
      "--rate",
      "10000000",
      "--burst",
      "10000000",
      "--json",
    ),
  ) as { token: string };
  return token;
}

/** Held-open bodies: each scenario on a fresh server (default budget) so its peak is its own. */
async function bodyFloodRuns(b: Backend, token: string): Promise<string[]> {
  const lines: string[] = [];
  for (const s of BODY_FLOOD_SCENARIOS) {
    const port = await freePort();
    const proc = await startServer(b, port);
    try {
      const r = await bodyFlood({
        url: `http://127.0.0.1:${port}/api/v1/events`,
        token,
        framings: s.framings,
        bodyBytes: 15 * 1024 * 1024,
        serverPid: proc.pid as number,
      });
      lines.push(formatBodyFlood(s.name, r));
    } finally {
      await stop(proc);
    }
  }
  return lines;
}

async function measure(b: Backend) {
  const raw = await rawRate({
    ...b.env,
    DATA_DIR: mkdtempSync(join(tmpdir(), "tt-raw-")),
    ...(b.env.RAW_DATABASE_URL ? { DATABASE_URL: b.env.RAW_DATABASE_URL } : {}),
    ...(b.env.RAW_CLICKHOUSE_DATABASE
      ? { CLICKHOUSE_DATABASE: b.env.RAW_CLICKHOUSE_DATABASE }
      : {}),
  });
  const token = await benchKey(b);
  const port = await freePort();
  const server = await startServer(b, port);
  const url = `http://127.0.0.1:${port}/api/v1/events`;
  const warm = ndjsonBodies(`warm-${b.name}`, 2_000, 100, Date.now() - 7_200_000);
  await runLoad({ url, token, bodies: warm, eventsPerBody: 100, concurrency: CONCURRENCY });
  const bodies = ndjsonBodies(`run-${b.name}`, EVENTS, 100, Date.now() - 3_600_000);
  // Where the CPU goes while the pipeline runs: the server, the database, and this load client.
  const cpu0 = {
    server: cpuSecondsOf(server.pid),
    db: cpuSecondsOf(b.dbPid?.()),
    client: process.cpuUsage(),
  };
  const loadStart = performance.now();
  const pipeline = await runLoad({
    url,
    token,
    bodies,
    eventsPerBody: 100,
    concurrency: CONCURRENCY,
  });
  // ClickHouse is written behind the acknowledgement: also time until every event is queryable.
  const storedPerSecond =
    b.name === "clickhouse" ? await storedRate(b, 2_000 + EVENTS, loadStart) : null;
  const perEvent = (a: number | null, z: number | null) =>
    a === null || z === null ? null : ((z - a) * 1e6) / EVENTS;
  const clientCpu = process.cpuUsage(cpu0.client);
  const cpu = {
    server: perEvent(cpu0.server, cpuSecondsOf(server.pid)),
    db: perEvent(cpu0.db, cpuSecondsOf(b.dbPid?.())),
    client: (clientCpu.user + clientCpu.system) / EVENTS,
    wallSeconds: (performance.now() - loadStart) / 1000,
  };
  const mem = memoryOf(server.pid as number);
  const otlp = await otlpPhase({
    otlpUrl: `http://127.0.0.1:${port}${b.port === "PORT" ? "/api/otlp/v1/traces" : "/v1/traces"}`,
    nativeUrl: url,
    token,
    run: `otlp-${b.name}`,
    spans: EVENTS,
    concurrency: CONCURRENCY,
  });
  await stop(server);

  // Overload: many clients and a small pending bound; the answer to excess is 503, not growth.
  const overloadPort = await freePort();
  const loaded = await startServer(b, overloadPort, { MAX_PENDING_EVENTS: "5000" });
  const sampler = setInterval(() => memoryOf(loaded.pid as number), 100);
  const flood = await runLoad({
    url: `http://127.0.0.1:${overloadPort}/api/v1/events`,
    token,
    bodies: ndjsonBodies(`flood-${b.name}`, EVENTS * 2, 100, Date.now() - 1_800_000),
    eventsPerBody: 100,
    concurrency: 128,
    durationMs: 8_000,
  });
  clearInterval(sampler);
  const floodMem = memoryOf(loaded.pid as number);
  await stop(loaded);
  // The body budget does not depend on the store: measured once, on the embedded server.
  const bodyFloods = b.name === "pglite" ? await bodyFloodRuns(b, token) : [];
  return { raw, pipeline, mem, flood, floodMem, storedPerSecond, otlp, cpu, bodyFloods };
}

// BENCH_BACKENDS=clickhouse (comma-separated) measures only those.
const only = process.env.BENCH_BACKENDS?.split(",").map((s) => s.trim());

/** Servers shared by several backends (PostgreSQL also holds ClickHouse's control tables). */
const finishers: (() => Promise<void>)[] = [];

async function backends(): Promise<Backend[]> {
  const list: Backend[] = [];
  const pgliteDir = mkdtempSync(join(tmpdir(), "tt-bench-"));
  list.push({
    name: "pglite",
    env: { DATA_DIR: pgliteDir, HOST: "127.0.0.1" },
    serverArgs: ["serve", "--no-dashboard"],
    port: "PORT",
    cleanup: async () => rmSync(pgliteDir, { recursive: true, force: true }),
  });
  // PostgreSQL also holds ClickHouse's control tables.
  const wanted = (name: Backend["name"]) => !only || only.includes(name);
  if (!wanted("postgres") && !wanted("clickhouse")) return list;
  if (findPostgresBinaries()) {
    const pg = await startPostgres();
    const dataDir = mkdtempSync(join(tmpdir(), "tt-bench-pg-"));
    const admin = await import("pg");
    const c = new admin.default.Client({ connectionString: pg.url });
    await c.connect();
    await c.query("CREATE DATABASE bench_pipeline");
    await c.query("CREATE DATABASE bench_raw");
    await c.end();
    const dbUrl = (db: string) => pg.url.replace(/\/[^/]*$/, `/${db}`);
    list.push({
      name: "postgres",
      env: {
        DATA_DIR: dataDir,
        DATABASE_URL: dbUrl("bench_pipeline"),
        RAW_DATABASE_URL: dbUrl("bench_raw"),
        INGEST_HOST: "127.0.0.1",
      },
      serverArgs: ["ingest-server"],
      port: "INGEST_PORT",
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    });
    if (wanted("clickhouse") && clickhouseInstalled()) {
      const ch = await startClickHouse();
      const chDir = mkdtempSync(join(tmpdir(), "tt-bench-ch-"));
      const c2 = new admin.default.Client({ connectionString: pg.url });
      await c2.connect();
      await c2.query("CREATE DATABASE bench_ch_control");
      await c2.end();
      list.push({
        name: "clickhouse",
        env: {
          DATA_DIR: chDir,
          DATABASE_URL: dbUrl("bench_ch_control"),
          RAW_DATABASE_URL: dbUrl("bench_ch_control"),
          CLICKHOUSE_URL: ch.url,
          CLICKHOUSE_DATABASE: "bench_pipeline",
          RAW_CLICKHOUSE_DATABASE: "bench_raw",
          INGEST_HOST: "127.0.0.1",
        },
        serverArgs: ["ingest-server"],
        port: "INGEST_PORT",
        cleanup: async () => rmSync(chDir, { recursive: true, force: true }),
        dbPid: () => ch.pid(),
      });
      finishers.push(() => ch.stop());
    } else if (wanted("clickhouse")) {
      console.log(
        "SKIP clickhouse: ClickHouse is not installed (apt-get install -y clickhouse-server)",
      );
    }
    finishers.push(() => pg.stop());
  } else {
    console.log(
      "SKIP postgres and clickhouse: PostgreSQL is not installed (apt-get install -y postgresql-15)",
    );
  }
  return list;
}

const f = (n: number) => Math.round(n).toLocaleString("en-US");
console.log(
  `bench:ingest — ${EVENTS} events per phase, batches of 100, ${CONCURRENCY} keep-alive clients`,
);
for (const b of (await backends()).filter((x) => !only || only.includes(x.name))) {
  try {
    if (process.env.BENCH_BODY_FLOOD_ONLY) {
      if (b.name !== "pglite") continue;
      console.log(`\n[${b.name}]`);
      for (const line of await bodyFloodRuns(b, await benchKey(b))) console.log(line);
      continue;
    }
    const r = await measure(b);
    console.log(`\n[${b.name}]`);
    console.log(
      `  raw store insert (same rows, ${b.name === "clickhouse" ? "10,000" : "1000"}-row inserts): ${f(r.raw)} events/s`,
    );
    console.log(
      `  pipeline over HTTP:                                ${f(r.pipeline.eventsPerSecond)} events/s  (p50 ${r.pipeline.p50ms.toFixed(1)} ms, p99 ${r.pipeline.p99ms.toFixed(1)} ms)`,
    );
    console.log(
      `  ratio pipeline/raw:                                ${(r.pipeline.eventsPerSecond / r.raw).toFixed(2)}`,
    );
    if (r.storedPerSecond !== null) {
      console.log(
        `  stored and queryable in ClickHouse:                ${f(r.storedPerSecond)} events/s (ratio ${(r.storedPerSecond / r.raw).toFixed(2)})`,
      );
    }
    const us = (n: number | null) => (n === null ? "n/a" : `${n.toFixed(0)} µs`);
    const total = (r.cpu.server ?? 0) + (r.cpu.db ?? 0) + r.cpu.client;
    console.log(
      `  CPU per event while loading:                       server ${us(r.cpu.server)}, ${b.name === "pglite" ? "(database in the server)" : `database ${us(r.cpu.db)}`}, load client ${us(r.cpu.client)}; ${((total * EVENTS) / 1e6 / r.cpu.wallSeconds).toFixed(2)} of ${availableParallelism()} cores busy`,
    );
    console.log(
      `  server peak RSS:                                   ${r.mem?.peakMiB.toFixed(0)} MiB`,
    );
    console.log(
      `  OTLP/HTTP protobuf vs native, alternating rounds:  ${f(r.otlp.otlp.eventsPerSecond)} spans/s (p50 ${r.otlp.otlp.p50ms.toFixed(1)} ms, p99 ${r.otlp.otlp.p99ms.toFixed(1)} ms) vs ${f(r.otlp.native.eventsPerSecond)} events/s, ratio OTLP/native ${r.otlp.ratio.toFixed(2)}`,
    );
    console.log(
      `  overload (128 clients, 8 s, MAX_PENDING_EVENTS=5000): statuses ${JSON.stringify(r.flood.statuses)}, accepted ${f(r.flood.eventsPerSecond)} events/s, peak RSS ${r.floodMem?.peakMiB.toFixed(0)} MiB`,
    );
    for (const line of r.bodyFloods) console.log(line);
  } finally {
    await b.cleanup();
  }
}
for (const finish of finishers) await finish();
