import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  write,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { crc32 } from "node:zlib";

const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);

import type { QuarantineRow } from "../../db/store/types";
import { TooltrailError } from "../../lib/core/errors";

/** What a group commit hands to the spool when the SQL store cannot take it (unsealed). */
export type SpoolRecord = { tenantId: string; docs: string[]; quarantine: QuarantineRow[] };

/**
 * How records become one line of a segment and back. The text must not contain "\n"; the spool
 * frames it with a checksum. The default is JSON.
 */
export type SpoolCodec<T> = { encode(record: T): string; decode(text: string): T };

const jsonCodec: SpoolCodec<never> = {
  encode: (r) => JSON.stringify(r),
  decode: (text) => JSON.parse(text) as never,
};

const NEWLINE = Buffer.from("\n");

export type SpoolOptions<T> = {
  /** Bound on records kept in memory for the writer (see `memo`). */
  memoBytes?: number;
  codec?: SpoolCodec<T>;
};

/** The spool reached SPOOL_MAX_BYTES; the committers answer it as the store being unavailable. */
export class SpoolFullError extends TooltrailError {
  constructor(readonly maxBytes: number) {
    super("unavailable", `the local spool is full (${maxBytes} bytes)`);
  }
}

/**
 * A local append-only log that makes acknowledged events durable while the store is down.
 * Each line is `<crc32 hex> <json>`; a line torn by a crash fails its checksum and is ignored,
 * which is safe because nothing is acknowledged before its line is on disk (fdatasync).
 * Segments are drained oldest first and deleted only after the store committed all of them.
 */
export class Spool<T = SpoolRecord> {
  private current: { path: string; fd: number; bytes: number } | null = null;
  private totalBytes = 0;
  private counter = 0;
  /**
   * Records of segments this process wrote, kept until drained so the writer does not read and
   * parse back what it has in memory (bench:ingest: a third of the ingest thread's work). Bounded:
   * past `memoBytes`, segments are read from disk as after a restart.
   */
  private readonly memo = new Map<string, { records: T[]; bytes: number }>();
  private memoTotal = 0;
  private readonly memoBytes: number;
  private readonly codec: SpoolCodec<T>;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    opts: SpoolOptions<T> = {},
  ) {
    this.memoBytes = opts.memoBytes ?? 64 * 1024 * 1024;
    this.codec = opts.codec ?? jsonCodec;
    mkdirSync(dir, { recursive: true });
    for (const name of this.segmentNames()) this.totalBytes += statSync(join(dir, name)).size;
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Bytes in the segment being written (not yet drainable). */
  get openBytes(): number {
    return this.current?.bytes ?? 0;
  }

  isEmpty(): boolean {
    return this.totalBytes === 0 && this.segmentNames().length === 0;
  }

  append(records: readonly T[]): void {
    const data = this.encode(records);
    if (this.totalBytes + data.byteLength > this.maxBytes) throw new SpoolFullError(this.maxBytes);
    const seg = this.current ?? this.openSegment();
    writeSync(seg.fd, data);
    fdatasyncSync(seg.fd);
    seg.bytes += data.byteLength;
    this.totalBytes += data.byteLength;
    this.keep(seg.path, records, data.byteLength, seg.bytes);
  }

  private keep(path: string, records: readonly T[], bytes: number, segmentBytes: number): void {
    let m = this.memo.get(path);
    if (!m) {
      // Memoised whole or not at all: only from a segment's first append.
      if (segmentBytes !== bytes) return;
      m = { records: [], bytes: 0 };
      this.memo.set(path, m);
    }
    if (this.memoTotal + bytes > this.memoBytes) {
      this.memo.delete(path);
      this.memoTotal -= m.bytes;
      return;
    }
    m.records.push(...records);
    m.bytes += bytes;
    this.memoTotal += bytes;
  }

  /**
   * As `append`, but the write and the fdatasync run on libuv's pool, so the event loop keeps
   * serving requests while the disk syncs (bench:ingest: a sixth of the ingest thread's time was
   * blocked there). Appends and `rotateAsync` run in call order; do not mix with `append`/`rotate`.
   */
  appendAsync(records: readonly T[]): Promise<void> {
    const data = this.encode(records);
    if (this.totalBytes + data.byteLength > this.maxBytes)
      return Promise.reject(new SpoolFullError(this.maxBytes));
    // Counted now, so appends waiting in the queue cannot overrun the bound together.
    this.totalBytes += data.byteLength;
    return this.enqueue(async () => {
      const seg = this.current ?? this.openSegment();
      try {
        for (let off = 0; off < data.byteLength; ) {
          off += (await writeAsync(seg.fd, data, off, data.byteLength - off)).bytesWritten;
        }
        await fdatasyncAsync(seg.fd);
      } catch (err) {
        // A torn line fails its checksum on read; what was written is counted by remove().
        this.totalBytes -= data.byteLength;
        throw err;
      }
      seg.bytes += data.byteLength;
      this.keep(seg.path, records, data.byteLength, seg.bytes);
    });
  }

  /** `rotate` in order with `appendAsync`: after every append queued before it. */
  rotateAsync(): Promise<void> {
    return this.enqueue(async () => this.rotate());
  }

  private queue: Promise<void> = Promise.resolve();

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.queue.then(op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Closes the segment being written so it can be drained; later appends start a new one. */
  rotate(): void {
    if (!this.current) return;
    closeSync(this.current.fd);
    if (this.current.bytes === 0) unlinkSync(this.current.path);
    if (this.current.bytes === 0) this.memo.delete(this.current.path);
    this.current = null;
  }

  /** Closed segments, oldest first. */
  closedSegments(): string[] {
    return this.segmentNames()
      .map((n) => join(this.dir, n))
      .filter((p) => p !== this.current?.path);
  }

  /** The segment's records; for segments this process wrote, the appended objects themselves. */
  read(path: string): readonly T[] {
    const kept = this.memo.get(path);
    if (kept) return kept.records;
    const records: T[] = [];
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const space = line.indexOf(" ");
      if (space !== 8) continue;
      const text = line.slice(9);
      if (crc32(text).toString(16).padStart(8, "0") !== line.slice(0, 8)) continue;
      records.push(this.codec.decode(text));
    }
    return records;
  }

  remove(path: string): void {
    const size = statSync(path).size;
    unlinkSync(path);
    const kept = this.memo.get(path);
    if (kept) {
      this.memo.delete(path);
      this.memoTotal -= kept.bytes;
    }
    this.totalBytes = Math.max(0, this.totalBytes - size);
  }

  close(): void {
    this.rotate();
  }

  private openSegment() {
    // Names sort by creation: time, then a counter for segments opened in the same millisecond.
    const name = `seg-${Date.now().toString().padStart(15, "0")}-${String(this.counter++).padStart(6, "0")}.log`;
    const path = join(this.dir, name);
    this.current = { path, fd: openSync(path, "a", 0o600), bytes: 0 };
    return this.current;
  }

  private encode(records: readonly T[]): Buffer {
    const parts: Buffer[] = [];
    for (const r of records) {
      // Encoded to bytes once: the checksum and the write use the same buffer.
      const body = Buffer.from(this.codec.encode(r));
      parts.push(Buffer.from(`${crc32(body).toString(16).padStart(8, "0")} `), body, NEWLINE);
    }
    return Buffer.concat(parts);
  }

  private segmentNames(): string[] {
    return readdirSync(this.dir)
      .filter((n) => n.startsWith("seg-") && n.endsWith(".log"))
      .sort();
  }
}
