import { performance } from "node:perf_hooks";
import { eventRowText } from "../db/store/clickhouse/ch-row-text";
import type { EventColumns, RowEncoding } from "../db/store/types";
import { decodeBody } from "../ingest/http/body";
import { prepareEvent } from "../ingest/prepare/prepare";
import { type BatchJob, prepareBatch } from "../ingest/prepare/prepare-batch";
import { batchRows } from "../ingest/prepare/rows";
import { validateEvent } from "../lib/core/contract";
import { canonicalJson, eventLeaf } from "../lib/core/integrity";
import { compileRedactionPolicy, redactEvent } from "../lib/core/redact";
import { ndjsonBodies } from "./synthetic";

/**
 * `npm run bench:prepare`: the ingest pipeline's CPU work per event on one thread, stage by
 * stage, against the cheapest thing any pipeline must do with the same bytes (JSON.parse), so
 * a change to the hot path shows up as a ratio that does not depend on the machine's load.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const bodies = ndjsonBodies("prep", EVENTS, 100, Date.now() - 3_600_000);
const buffers = bodies.map((b) => Buffer.from(b));
// BENCH_CUSTOM=1: a tenant's own patterns too (they run on the linear-time engine).
const redactionConfig = process.env.BENCH_CUSTOM
  ? {
      custom: [
        { id: "employee_id", pattern: "EMP-\\d{6}" },
        { id: "ticket", pattern: "TCK-[A-Z0-9]{8}", flags: "i" as const },
      ],
    }
  : {};
const ctx = {
  tenantId: "bench",
  redaction: compileRedactionPolicy(redactionConfig),
  redactionConfig,
  hmacKey: Buffer.alloc(32, 7),
};
// The ClickHouse path: rows are encoded on the worker, as the ingest server does for that store.
const CH: RowEncoding = "clickhouse-tab-separated";
const job = (body: Buffer, rowEncoding: RowEncoding | null = CH): BatchJob => ({
  body,
  format: "ndjson",
  maxBatchEvents: 1000,
  maxEventBytes: 65_536,
  keyId: "k",
  keyServers: null,
  receivedAt: new Date().toISOString(),
  requestId: "r",
  rowEncoding,
});

function time(fn: () => void): number {
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    fn();
    samples.push(((performance.now() - t0) * 1000) / EVENTS);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

const parsed = bodies.flatMap((b) => b.split("\n").map((l) => JSON.parse(l) as unknown));
const validated = parsed.map((e) => {
  const v = validateEvent(e, 1000);
  if (!v.ok) throw new Error(JSON.stringify(v.errors));
  return v.event;
});
const prepared = buffers.flatMap((b) => prepareBatch(job(b, null), ctx).prepared);
const encoded = buffers.map((b) => prepareBatch(job(b), ctx).prepared);
const docs = prepared.map((p) => JSON.parse(p.docText) as object);

/** Results are counted into a sink so no stage's work can be optimised away. */
let sink = 0;
const each =
  <T>(list: readonly T[], fn: (x: T, i: number) => unknown) =>
  () => {
    for (let i = 0; i < list.length; i++) if (fn(list[i] as T, i)) sink++;
  };
const stages: [string, () => void][] = [
  [
    "JSON.parse of each line (baseline)",
    each(bodies, (b) => b.split("\n").map((l) => JSON.parse(l))),
  ],
  ["decodeBody (NDJSON framing + parse)", each(buffers, (b) => decodeBody(b, "ndjson", 1000))],
  ["validateEvent (zod + limits)", each(parsed, (e) => validateEvent(e, 1000))],
  ["canonicalJson of the event", each(validated, (e) => canonicalJson(e))],
  [
    "redactEvent (secrets and personal data)",
    each(validated, (e) => redactEvent(e, ctx.redaction)),
  ],
  [
    "prepareEvent (hmac + redact + leaf)",
    each(validated, (e) => prepareEvent(e, [], ctx, "k", "2026-01-01T00:00:00.000Z", null)),
  ],
  ["eventLeaf (2 canonical forms + 2 sha256)", each(docs, (d) => eventLeaf(d))],
  [
    "ClickHouse row text (worker)",
    each(prepared, (p) => eventRowText(p.row as EventColumns, p.docText)),
  ],
  ["prepareBatch (all of the above, per event)", each(buffers, (b) => prepareBatch(job(b), ctx))],
  [
    "placing rows in their batch (writer thread)",
    each(encoded, (events) => batchRows(events, "w", 1, CH)),
  ],
];
console.log(
  `bench:prepare — ${EVENTS} synthetic events, median of ${ROUNDS} rounds, one thread${process.env.BENCH_CUSTOM ? ", 2 custom patterns" : ""}`,
);
let base = 0;
for (const [name, fn] of stages) {
  fn();
  const us = time(fn);
  if (base === 0) base = us;
  console.log(
    `  ${name.padEnd(46)} ${us.toFixed(2).padStart(7)} µs/event  (${(us / base).toFixed(1)}x baseline)`,
  );
}
if (sink === 0) console.log("(no stage produced a result)");
