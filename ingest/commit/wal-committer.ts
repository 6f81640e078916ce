import type { QuarantineRow, Store } from "../../db/store/types";
import { type PreparedEvent, restorePrepared } from "../prepare/prepare";
import { GroupQueue, StoreUnavailableError } from "./group-queue";
import type { BatchSealer } from "./seal";
import { type Submission, type SubmitResult, sealGroup } from "./seal-group";
import { type Spool, SpoolFullError } from "./spool";
import { splitUnits, toWalRecord, type WalRecord } from "./wal-record";

export type { WalRecord };

export type WalCommitterOptions = {
  store: Store;
  sealer: BatchSealer;
  spool: Spool<WalRecord>;
  maxEvents: number;
  maxWaitMs: number;
  maxPendingEvents: number;
  /** The writer sends what the spool holds at least this often (ClickHouse prefers few, large inserts). */
  flushIntervalMs: number;
  /** Events per insert; larger spooled segments are split. */
  maxInsertEvents: number;
  onError?: (err: unknown) => void;
};

/**
 * For append-only stores (ClickHouse): each group is deduplicated, sealed, and written ahead to
 * the local spool (fsync) before it is acknowledged; a background writer sends spooled segments
 * to the store in large inserts, retries with backoff while the store is down, and deletes a
 * segment only once stored. Replays are idempotent, so a crash anywhere loses and duplicates
 * nothing. Ids sealed but not yet stored are kept in memory so re-sends count as duplicates.
 */
export class WalCommitter {
  private readonly queue: GroupQueue;
  private readonly unsent = new Map<string, Set<string>>();
  /** Batches an earlier attempt may have stored: their commit must not store an event twice. */
  private readonly maybeStored = new Set<string>();
  private writer: Promise<void>;
  private wake: (() => void) | null = null;
  private closed = false;
  private failing = false;
  private sealLock: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: WalCommitterOptions) {
    this.queue = new GroupQueue({
      maxEvents: o.maxEvents,
      maxWaitMs: o.maxWaitMs,
      maxPendingEvents: o.maxPendingEvents,
      waitingFor: "sealed",
      take: "all",
      run: (group) => this.sealAndSpool(group),
    });
    // Whatever a previous run acknowledged but did not store is sent first, and its ids and
    // chain heads are known before anything new is sealed.
    o.spool.rotate();
    for (const path of o.spool.closedSegments())
      for (const rec of o.spool.read(path)) {
        this.remember(rec);
        this.markMaybeStored(rec);
      }
    this.writer = this.writeLoop();
  }

  status() {
    return {
      pendingEvents: this.queue.pendingEvents,
      spoolBytes: this.o.spool.bytes,
      degraded: this.failing,
    };
  }

  submit(
    tenantId: string,
    events: PreparedEvent[],
    quarantine: QuarantineRow[],
  ): Promise<SubmitResult> {
    return this.queue.submit(tenantId, events, quarantine);
  }

  async flush(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    await this.queue.drain();
    while (this.o.spool.bytes > 0) {
      if (Date.now() > deadline)
        throw new Error("the store did not take the spooled events in time");
      this.wake?.();
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await this.queue.drain();
    this.closed = true;
    this.queue.refuse("the server is shutting down");
    this.wake?.();
    await this.writer;
    await this.o.spool.rotateAsync();
  }

  private async sealAndSpool(group: Submission[]): Promise<void> {
    // While the writer cannot reach the store, do not wait on it per request either.
    if (this.failing) return this.spoolUnsealed(group);
    try {
      const { results } = await this.sealed(async () => {
        const sealed = await sealGroup(this.o.store, this.o.sealer, group, {
          checkExisting: true,
          pending: (t) => this.unsent.get(t) ?? new Set(),
        });
        const { unit } = sealed;
        if (unit.batches.length > 0 || unit.quarantine.length > 0) {
          const rec = toWalRecord(unit);
          await this.o.spool.appendAsync([rec]);
          this.remember(rec);
          this.o.sealer.advance(unit.batches.map((b) => b.record));
        }
        return sealed;
      });
      for (const [i, s] of group.entries()) s.done?.resolve(results[i] as SubmitResult);
      if (this.o.spool.openBytes > 8 * 1024 * 1024) this.wake?.();
    } catch (err) {
      if (err instanceof SpoolFullError) {
        for (const s of group) s.done?.reject(new StoreUnavailableError(err.message));
        return;
      }
      // The duplicate check needs the store. Without it the group is written ahead unsealed;
      // only repeats inside a request can be counted now, the writer drops the others later.
      this.failing = true;
      this.o.onError?.(err);
      await this.spoolUnsealed(group);
    }
  }

  private async spoolUnsealed(group: Submission[]): Promise<void> {
    const unsealed = group.map((s) => ({
      tenantId: s.tenantId,
      docs: s.events.map((e) => e.docText),
      quarantine: s.quarantine,
    }));
    try {
      await this.o.spool.appendAsync([{ batches: [], quarantine: [], unsealed }]);
    } catch (err) {
      const e = new StoreUnavailableError(
        err instanceof SpoolFullError ? err.message : "the spool could not be written",
      );
      for (const s of group) s.done?.reject(e);
      return;
    }
    for (const s of group) {
      const unique = new Set(s.events.map((e) => e.id)).size;
      s.done?.resolve({ accepted: unique, duplicates: s.events.length - unique, spooled: true });
    }
  }

  /**
   * Seals the groups a segment holds unsealed (spooled during an outage) as one group: one
   * duplicate check per tenant, one batch. The sealed form is written ahead before it is sent.
   */
  private async sealSegment(records: readonly WalRecord[]): Promise<WalRecord[]> {
    const unsealed = records.flatMap((r) => r.unsealed ?? []);
    const out = records.filter((r) => !r.unsealed || r.unsealed.length === 0);
    if (unsealed.length === 0) return out;
    const group: Submission[] = unsealed.map((u) => ({
      tenantId: u.tenantId,
      events: u.docs.map((d) => restorePrepared(d, this.o.store.rowEncoding)),
      quarantine: u.quarantine,
    }));
    const sealed = await this.sealed(async () => {
      const { unit } = await sealGroup(this.o.store, this.o.sealer, group, {
        checkExisting: true,
        pending: (t) => this.unsent.get(t) ?? new Set(),
      });
      const rec = toWalRecord(unit);
      await this.o.spool.appendAsync([rec]);
      this.remember(rec);
      // Sent now and again when the segment it was written ahead to comes round.
      this.markMaybeStored(rec);
      this.o.sealer.advance(unit.batches.map((b) => b.record));
      return rec;
    });
    return [...out, sealed];
  }

  /**
   * Sealing reads the chain heads and advances them only once the sealed group is durable, so
   * the request path and the writer (sealing what an outage spooled) take turns.
   */
  private sealed<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.sealLock.then(fn);
    this.sealLock = run.catch(() => undefined);
    return run;
  }

  private remember(rec: WalRecord): void {
    for (const b of rec.batches) {
      const set = this.unsent.get(b.record.tenantId) ?? new Set<string>();
      for (const id of b.record.eventIds) set.add(id);
      this.unsent.set(b.record.tenantId, set);
      this.o.sealer.advanceTo(b.record.tenantId, b.record.seq, b.record.headerHash);
    }
  }

  private markMaybeStored(rec: WalRecord): void {
    for (const b of rec.batches) this.maybeStored.add(batchKey(b.record));
  }

  private forget(rec: WalRecord): void {
    for (const b of rec.batches) {
      const set = this.unsent.get(b.record.tenantId);
      for (const id of b.record.eventIds) set?.delete(id);
    }
  }

  private async writeLoop(): Promise<void> {
    let backoff = 100;
    let attempted: readonly WalRecord[] = [];
    for (;;) {
      // A round that starts after close() has sealed its last group is the final one; a round
      // already under way when close() came may have missed that group, so another follows.
      const final = this.closed;
      if (!final) {
        await new Promise<void>((r) => {
          this.wake = r;
          setTimeout(r, this.failing ? backoff : this.o.flushIntervalMs).unref();
        });
      }
      this.wake = null;
      try {
        await this.o.spool.rotateAsync();
        for (const path of this.o.spool.closedSegments()) {
          const spooled = this.o.spool.read(path);
          attempted = spooled;
          const records = await this.sealSegment(spooled);
          for (const unit of splitUnits(records, this.o.maxInsertEvents)) {
            const replay = unit.batches.some((b) => this.maybeStored.has(batchKey(b.record)));
            await this.o.store.commit(unit, { replay });
          }
          this.o.spool.remove(path);
          for (const rec of records) this.forget(rec);
          for (const rec of spooled)
            for (const b of rec.batches) this.maybeStored.delete(batchKey(b.record));
          attempted = [];
        }
        this.failing = false;
        backoff = 100;
      } catch (err) {
        for (const rec of attempted) this.markMaybeStored(rec);
        this.failing = true;
        backoff = Math.min(backoff * 2, 5_000);
        this.o.onError?.(err);
        if (final) return; // kept in the spool for the next start
      }
      if (final) return;
    }
  }
}

function batchKey(b: { tenantId: string; writerId: string; seq: number }): string {
  return `${b.tenantId}\u0000${b.writerId}\u0000${b.seq}`;
}
