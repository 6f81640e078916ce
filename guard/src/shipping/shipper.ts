import { DiskBuffer } from "./disk-buffer";
import { postBatch } from "./post";

export type ShipperOptions = {
  /** Tooltrail's base URL, e.g. https://tooltrail.example.com (events go to /api/v1/events). */
  url: string;
  /** Ingest key (tt_…). */
  key: string;
  /** Directory of the durable buffer used while Tooltrail is unreachable; null keeps it in memory. */
  bufferDir: string | null;
  maxBufferBytes?: number;
  batchSize?: number;
  flushMs?: number;
  requestTimeoutMs?: number;
  /** Events held in memory at most (while unreachable without room on disk). */
  maxMemoryEvents?: number;
  log?: (message: string) => void;
};

type Item = { line: string; done?: (durable: boolean) => void };

export type ShipperStats = {
  queued: number;
  shipped: number;
  bufferedBytes: number;
  dropped: number;
  offline: boolean;
  lastError: string | null;
};

/**
 * Ships events to Tooltrail in batches, off the call path. Normal operation keeps events in
 * memory for at most `flushMs`; when a POST fails they go to the durable disk buffer and are
 * replayed, oldest first, with exponential backoff, until Tooltrail acknowledges them. Event ids
 * make every replay idempotent on the server, so each event is stored exactly once.
 */
export class Shipper {
  private readonly o: Required<Omit<ShipperOptions, "bufferDir" | "log">>;
  private readonly disk: DiskBuffer | null;
  private readonly log: (m: string) => void;
  private queue: Item[] = [];
  private timer: NodeJS.Timeout | null = null;
  private pumping: Promise<void> | null = null;
  private retryAt = 0;
  private failures = 0;
  private closed = false;
  private s = { shipped: 0, dropped: 0, lastError: null as string | null };

  constructor(opts: ShipperOptions) {
    this.o = {
      url: opts.url.replace(/\/+$/, ""),
      key: opts.key,
      maxBufferBytes: opts.maxBufferBytes ?? 256 * 1024 * 1024,
      batchSize: opts.batchSize ?? 500,
      flushMs: opts.flushMs ?? 200,
      requestTimeoutMs: opts.requestTimeoutMs ?? 5000,
      maxMemoryEvents: opts.maxMemoryEvents ?? 10_000,
    };
    this.log = opts.log ?? ((m) => process.stderr.write(`tooltrail-guard: ${m}\n`));
    this.disk = opts.bufferDir ? new DiskBuffer(opts.bufferDir, this.o.maxBufferBytes) : null;
    if (this.disk && this.disk.segments().length > 0) this.schedule(0);
  }

  /**
   * Queues one event. With `ack`, the promise says whether the event became durable (shipped or
   * on disk); without it nothing is allocated for the caller to wait on.
   */
  enqueue(event: object, ack?: false): undefined;
  enqueue(event: object, ack: true): Promise<boolean>;
  enqueue(event: object, ack = false): Promise<boolean> | undefined {
    const item: Item = { line: JSON.stringify(event) };
    let p: Promise<boolean> | undefined;
    if (ack) p = new Promise((resolve) => (item.done = resolve));
    if (this.closed) {
      this.spill([item]);
      return p;
    }
    this.queue.push(item);
    // Someone waits on this event (fail-closed): ship now rather than at the next tick.
    const now = ack || this.queue.length >= this.o.batchSize;
    if (now && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.schedule(now ? 0 : this.o.flushMs);
    return p;
  }

  /** Whether an event could be recorded now: Tooltrail reachable, or room in the buffer. */
  canRecord(): boolean {
    if (this.retryAt <= Date.now()) return true;
    if (this.disk) return this.disk.size < this.disk.maxBytes;
    return this.queue.length < this.o.maxMemoryEvents;
  }

  stats(): ShipperStats {
    return {
      queued: this.queue.length,
      shipped: this.s.shipped,
      bufferedBytes: this.disk?.size ?? 0,
      dropped: this.s.dropped,
      offline: this.retryAt > Date.now(),
      lastError: this.s.lastError,
    };
  }

  /** Ships what it can within `timeoutMs`; whatever is left goes to the disk buffer. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.drain(Date.now() + timeoutMs);
    await this.pumping;
    const left = this.queue.splice(0);
    if (left.length > 0) this.spill(left);
  }

  /**
   * Ships memory and disk until both are empty or the deadline passes, retrying immediately
   * rather than waiting out the backoff; true when everything was shipped.
   */
  async drain(deadline = Date.now() + 30_000): Promise<boolean> {
    while (Date.now() < deadline) {
      if (this.queue.length === 0 && (this.disk?.segments().length ?? 0) === 0) return true;
      // Shutting down while Tooltrail is unreachable: spill now rather than wait out a backoff.
      if (this.closed && this.retryAt > Date.now()) return false;
      if (this.retryAt > Date.now())
        await new Promise((r) => setTimeout(r, Math.min(100, this.retryAt - Date.now())));
      else await this.pump();
    }
    return false;
  }

  private schedule(delay: number): void {
    if (this.timer || this.pumping || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, delay);
    this.timer.unref();
  }

  private pump(): Promise<void> {
    this.pumping ??= this.run().finally(() => {
      this.pumping = null;
      const backlog = this.queue.length > 0 || (this.disk?.segments().length ?? 0) > 0;
      const waiting = this.retryAt <= Date.now() && this.queue.some((i) => i.done);
      if (backlog) this.schedule(waiting ? 0 : Math.max(this.o.flushMs, this.retryAt - Date.now()));
    });
    return this.pumping;
  }

  private async run(): Promise<void> {
    for (;;) {
      const online = this.retryAt <= Date.now();
      const segments = this.disk?.segments() ?? [];
      const segment = segments[0];
      if (online && segment !== undefined && this.disk) {
        const lines = this.disk.read(segment);
        if (lines === null) continue;
        const r = await postBatch(this.o, lines);
        if (r.kind === "ok") {
          this.disk.remove(segment);
          this.succeeded(lines.length);
        } else if (r.kind === "malformed") {
          this.disk.quarantine(segment);
          this.log(
            `Tooltrail refused a buffered batch as malformed (${r.message}); moved to ${this.disk.dir}/dead`,
          );
        } else {
          this.failed(r.message, r.retryAfterMs);
        }
        continue;
      }
      if (this.queue.length === 0) return;
      const batch = this.queue.splice(0, this.o.batchSize);
      // Offline, or older events still on disk: keep order and durability by spilling.
      if (!online || segments.length > 0) {
        this.spill(batch);
        if (!online && !this.disk) return;
        continue;
      }
      const r = await postBatch(
        this.o,
        batch.map((i) => i.line),
      );
      if (r.kind === "ok") {
        this.succeeded(batch.length);
        for (const i of batch) i.done?.(true);
      } else if (r.kind === "malformed") {
        this.s.dropped += batch.length;
        this.log(`Tooltrail refused ${batch.length} events as malformed: ${r.message}`);
        if (this.disk?.write(batch.map((i) => i.line))) {
          const name = this.disk.segments().at(-1);
          if (name) this.disk.quarantine(name);
        }
        for (const i of batch) i.done?.(false);
      } else {
        this.failed(r.message, r.retryAfterMs);
        this.spill(batch);
        if (!this.disk) return;
      }
    }
  }

  private succeeded(n: number): void {
    if (this.failures > 0) this.log(`Tooltrail reachable again; shipping resumed`);
    this.s.shipped += n;
    this.failures = 0;
    this.retryAt = 0;
  }

  private failed(message: string, retryAfterMs?: number): void {
    if (this.failures === 0) this.log(`cannot ship events (${message}); buffering and retrying`);
    this.failures++;
    this.s.lastError = message;
    const backoff = Math.min(30_000, 250 * 2 ** Math.min(this.failures - 1, 7));
    const jitter = backoff * (0.5 + Math.random() * 0.5);
    this.retryAt = Date.now() + Math.max(retryAfterMs ?? 0, jitter);
  }

  /** Puts events on disk, or back in memory (bounded, dropping the oldest) when it cannot. */
  private spill(batch: Item[]): void {
    if (batch.length === 0) return;
    let written = false;
    try {
      written = this.disk?.write(batch.map((i) => i.line)) ?? false;
    } catch (err) {
      this.s.lastError = `disk buffer: ${(err as Error).message}`;
    }
    if (written) {
      for (const i of batch) i.done?.(true);
      return;
    }
    if (this.closed) {
      this.s.dropped += batch.length;
      this.log(`${batch.length} events could not be shipped or buffered at shutdown and are lost`);
      for (const i of batch) i.done?.(false);
      return;
    }
    this.queue.unshift(...batch);
    const over = this.queue.length - this.o.maxMemoryEvents;
    if (over > 0) {
      const lost = this.queue.splice(0, over);
      this.s.dropped += lost.length;
      this.log(
        `event buffer full: ${lost.length} oldest events dropped (${this.s.dropped} in total)`,
      );
      for (const i of lost) i.done?.(false);
    }
  }
}
