import { Worker } from "node:worker_threads";
import { codeForStatus, ProblemError } from "../http/problem";
import type { TenantContext } from "./prepare";
import type { BatchJob, BatchResult } from "./prepare-batch";
import { prepareBatch } from "./prepare-batch";
import type { WorkerReply, WorkerRequest } from "./prepare-worker";

type Slot = { worker: Worker; busy: number };
type Pending = { slot: Slot; resolve(r: BatchResult): void; reject(e: unknown): void };

/**
 * Runs `prepareBatch` (parse, validate, redact, hash: the pipeline's CPU work) on worker threads,
 * so the thread that owns the store (all of PGlite, or the PostgreSQL driver) keeps writing while
 * the next requests are prepared. With size 0 it runs inline.
 */
export class PreparePool {
  private readonly workers: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  get size(): number {
    return this.workers.length;
  }

  run(job: BatchJob, ctx: TenantContext): Promise<BatchResult> {
    if (this.workers.length === 0) return Promise.resolve().then(() => prepareBatch(job, ctx));
    const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    const msg: WorkerRequest = {
      id,
      job,
      tenant: { tenantId: ctx.tenantId, redaction: ctx.redactionConfig, hmacKey: ctx.hmacKey },
    };
    slot.busy++;
    return new Promise<BatchResult>((resolve, reject) => {
      this.pending.set(id, {
        slot,
        resolve: (r) => {
          slot.busy--;
          resolve(r);
        },
        reject: (e) => {
          slot.busy--;
          reject(e);
        },
      });
      slot.worker.postMessage(msg);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
    this.workers.length = 0;
  }

  private spawn(): void {
    // The worker runs the same TypeScript sources through tsx, as the CLI and servers do.
    const worker = new Worker(new URL("./prepare-worker-entry.mjs", import.meta.url));
    worker.unref();
    const slot: Slot = { worker, busy: 0 };
    this.workers.push(slot);
    worker.on("message", (reply: WorkerReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) {
        // Buffers arrive as plain Uint8Arrays after structured cloning.
        for (const e of reply.result.prepared)
          e.leaf = Buffer.from(e.leaf.buffer, e.leaf.byteOffset, e.leaf.byteLength);
        p.resolve(reply.result);
      } else if (reply.problem) {
        const code = reply.code ?? codeForStatus(reply.problem.status);
        p.reject(new ProblemError(code, reply.problem, reply.headers));
      } else p.reject(new Error(reply.message));
    });
    worker.on("error", (err) => {
      // A crashed worker fails its requests (nothing of them was acknowledged) and is replaced.
      for (const [id, p] of this.pending) {
        if (p.slot !== slot) continue;
        this.pending.delete(id);
        p.reject(err);
      }
      this.workers.splice(this.workers.indexOf(slot), 1);
      this.spawn();
    });
  }
}
