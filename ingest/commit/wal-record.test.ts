import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { EventRow } from "../../db/store/types";
import { Spool } from "./spool";
import { splitUnits, type WalRecord, walCodec } from "./wal-record";

const record = (seq: number, n: number) => ({
  tenantId: "acme",
  writerId: "w",
  seq,
  header: { seq },
  headerHash: "ab".repeat(32),
  signature: "sig",
  keyId: "k",
  leaves: "00".repeat(32 * n),
  eventIds: Array.from({ length: n }, (_, i) => `e-${seq}-${i}`),
  createdAt: "2026-01-01T00:00:00.000Z",
});

// Lines as the store's encoding makes them: no line break, anything else as it comes.
const line = (i: number) => `w\t${i}\t\u001e"\u2028\\n{"a":"\\u001e"}\u0000 ${"é".repeat(i % 5)}`;

const encoded = (seq: number, n: number): WalRecord["batches"][number] => ({
  record: record(seq, n),
  rows: {
    encoding: "clickhouse-tab-separated",
    lines: Array.from({ length: n }, (_, i) => line(seq * 100 + i)),
  },
});

describe("write-ahead records", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const dir = () => {
    const d = mkdtempSync(join(tmpdir(), "tt-wal-"));
    dirs.push(d);
    return d;
  };

  it("read back from disk equal to what was written, lines unchanged and in batch order", () => {
    const d = dir();
    const recs: WalRecord[] = [
      { batches: [encoded(1, 3), encoded(2, 1)], quarantine: [] },
      {
        batches: [],
        quarantine: [],
        unsealed: [{ tenantId: "acme", docs: ["{}"], quarantine: [] }],
      },
      { batches: [encoded(3, 2)], quarantine: [] },
    ];
    const spool = new Spool<WalRecord>(d, 1 << 20, { codec: walCodec, memoBytes: 0 });
    spool.append(recs);
    spool.rotate();
    const [path] = spool.closedSegments();
    expect(new Spool<WalRecord>(d, 1 << 20, { codec: walCodec }).read(path as string)).toEqual(
      recs,
    );
  });

  it("of earlier versions (row objects in plain JSON) still read, as row objects", () => {
    const d = dir();
    const row = { tenantId: "acme", id: "e-1-0", doc: '{"a":"\\u001e"}' } as EventRow;
    const legacy: WalRecord = { batches: [{ record: record(1, 1), rows: [row] }], quarantine: [] };
    new Spool<WalRecord>(d, 1 << 20).append([legacy]);
    const spool = new Spool<WalRecord>(d, 1 << 20, { codec: walCodec });
    const [path] = spool.closedSegments();
    const [read] = spool.read(path as string);
    expect(read).toEqual(legacy);
    expect(splitUnits([read as WalRecord], 10)[0]?.batches[0]?.rows).toEqual([row]);
  });

  it("torn by a crash are skipped whole, never read with some of their lines", () => {
    const d = dir();
    const spool = new Spool<WalRecord>(d, 1 << 20, { codec: walCodec });
    spool.append([{ batches: [encoded(1, 2)], quarantine: [] }]);
    spool.rotate();
    const [path] = spool.closedSegments();
    const text = walCodec.encode({ batches: [encoded(2, 3)], quarantine: [] });
    writeFileSync(path as string, `00000000 ${text.slice(0, text.length - 5)}`, { flag: "a" });
    const read = new Spool<WalRecord>(d, 1 << 20, { codec: walCodec }).read(path as string);
    expect(read.map((r) => r.batches[0]?.record.seq)).toEqual([1]);
  });

  it("split into inserts by event count without splitting a batch", () => {
    const recs: WalRecord[] = [
      { batches: [encoded(1, 3), encoded(2, 3)], quarantine: [] },
      { batches: [encoded(3, 1)], quarantine: [] },
    ];
    const units = splitUnits(recs, 4);
    expect(units.map((u) => u.batches.map((b) => b.record.seq))).toEqual([[1], [2, 3]]);
  });
});
