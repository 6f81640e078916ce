import type { QuarantineRow, Store } from "../../db/store/types";
import { ConcurrentInsertError } from "../../db/store/types";
import type { PreparedEvent } from "../prepare/prepare";
import { restorePrepared } from "../prepare/prepare";
import { GroupQueue, StoreUnavailableError } from "./group-queue";
import type { BatchSealer } from "./seal";
import { type Submission, type SubmitResult, sealGroup } from "./seal-group";
import { type Spool, SpoolFullError, type SpoolRecord } from "./spool";

export { OverloadedError, StoreUnavailableError } from "./group-queue";

/** What the HTTP layer needs from a committer, whichever kind the store calls for. */
export type EventCommitter = {
  submit(
    tenantId: string,
    events: PreparedEvent[],
    quarantine: QuarantineRow[],
  ): Promise<SubmitResult>;
  status(): { pendingEvents: number; spoolBytes: number; degraded: boolean };
  /** Resolves once everything acknowledged so far is in the store (tests, shutdown, exports). */
  flush(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
};

export type CommitterOptions = {
  store: Store;
  sealer: BatchSealer;
  spool: Spool | null;
  /** A group commit closes at this many events, or after `maxWaitMs`, whichever comes first. */
  maxEvents: number;
  maxWaitMs: number;
  /** Events waiting for a commit beyond which new requests are refused (bounded memory). */
  maxPendingEvents: number;
  onError?: (err: unknown) => void;
};

/**
 * Group commit: concurrent requests share one transaction, and each request is answered only
 * after its events are durable in the store, or in the local spool when the store is down.
 */
export class Committer {
  private readonly queue: GroupQueue;
  private degraded = false;
  private draining: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly o: CommitterOptions) {
    this.queue = new GroupQueue({
      maxEvents: o.maxEvents,
      maxWaitMs: o.maxWaitMs,
      maxPendingEvents: o.maxPendingEvents,
      waitingFor: "stored",
      take: "bounded",
      run: (group) => this.commitNext(group),
    });
    if (o.spool && !o.spool.isEmpty()) this.enterDegraded();
  }

  status() {
    return {
      pendingEvents: this.queue.pendingEvents,
      spoolBytes: this.o.spool?.bytes ?? 0,
      degraded: this.degraded,
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
    while (!this.queue.idle || this.degraded) {
      if (Date.now() > deadline)
        throw new Error("the store did not take the pending events in time");
      this.queue.kick();
      await (this.queue.running ?? new Promise((r) => setTimeout(r, 20)));
    }
  }

  /** Commits everything pending; what sits in the spool waits there for the next start. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.refuse("the server is shutting down");
    await this.queue.drain();
    this.o.spool?.close();
  }

  private async commitNext(group: Submission[]): Promise<void> {
    try {
      if (this.degraded) {
        this.toSpool(group);
        return;
      }
      const results = await this.commitGroup(group);
      for (const [i, s] of group.entries()) s.done?.resolve(results[i] as SubmitResult);
    } catch (err) {
      this.o.onError?.(err);
      if (!this.o.spool) {
        for (const s of group)
          s.done?.reject(new StoreUnavailableError("the store did not accept the write"));
        return;
      }
      this.enterDegraded();
      this.toSpool(group);
    }
  }

  private toSpool(group: Submission[]): void {
    const spool = this.o.spool as Spool;
    try {
      spool.append(group.map(toSpoolRecord));
    } catch (err) {
      const e = err instanceof SpoolFullError ? new StoreUnavailableError(err.message) : err;
      for (const s of group) s.done?.reject(e);
      return;
    }
    // The store's duplicates are unknown until replay; only in-request repeats can be counted.
    for (const s of group) {
      const unique = new Set(s.events.map((e) => e.id)).size;
      s.done?.resolve({ accepted: unique, duplicates: s.events.length - unique, spooled: true });
    }
  }

  /** Dedupes, seals one batch per tenant, commits; retries when another writer raced us. */
  private async commitGroup(group: Submission[]): Promise<SubmitResult[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        // First try assumes no id is stored yet (the common case: one round trip less); if the
        // store reports one was, the transaction rolled back and the retry checks first.
        return await this.tryCommit(group, attempt > 1 || !this.o.store.insertDetectsDuplicates);
      } catch (err) {
        const known = err instanceof ConcurrentInsertError;
        // After anything but a clean "already stored" rollback the cached chain heads may be stale
        // (another writer with our id, or a commit whose acknowledgement was lost).
        if (!known) this.o.sealer.forgetHeads();
        if (!(known || isUniqueViolation(err)) || attempt >= 5) throw err;
      }
    }
  }

  private async tryCommit(group: Submission[], checkExisting: boolean): Promise<SubmitResult[]> {
    const { unit, results } = await sealGroup(this.o.store, this.o.sealer, group, {
      checkExisting,
    });
    if (unit.batches.length === 0 && unit.quarantine.length === 0) return results;
    await this.o.store.commit(unit);
    this.o.sealer.advance(unit.batches.map((b) => b.record));
    return results;
  }

  private enterDegraded(): void {
    this.degraded = true;
    this.draining ??= this.drain().finally(() => {
      this.draining = null;
    });
  }

  /** Replays spooled groups into the store, oldest first, until the spool is empty. */
  private async drain(): Promise<void> {
    const spool = this.o.spool as Spool;
    let backoff = 50;
    while (this.degraded) {
      try {
        await this.o.store.ping();
        spool.rotate();
        for (const path of spool.closedSegments()) {
          for (const rec of spool.read(path)) {
            const events = rec.docs.map((d) => restorePrepared(d, this.o.store.rowEncoding));
            await this.commitGroup([
              { tenantId: rec.tenantId, events, quarantine: rec.quarantine },
            ]);
          }
          spool.remove(path);
        }
        // Appends happen synchronously inside flush, so an empty spool here is truly empty.
        if (spool.isEmpty()) {
          this.degraded = false;
          return;
        }
        backoff = 50;
      } catch (err) {
        this.o.onError?.(err);
        if (this.closed) return;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }
}

function toSpoolRecord(s: Submission): SpoolRecord {
  return { tenantId: s.tenantId, docs: s.events.map((e) => e.docText), quarantine: s.quarantine };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";
}
