import type { Store } from "../../db/store/types";
import { detectTenant, type TenantRun } from "./run-tenant";

/**
 * In-process detection for `npm start`: every interval, each tenant in turn is brought up to
 * date. Passes never overlap (the next is scheduled when one ends, however long it took), a
 * tenant's failure is logged and the others go on, and stop() waits for the pass in progress,
 * which stops between steps, so a shutdown never leaves half a commit (there is none: each step
 * commits atomically).
 */

export type SchedulerLog = {
  info(msg: string): void;
  error(msg: string, err?: unknown): void;
};

export type SchedulerOptions = {
  store: Pick<Store, "admin" | "forTenant">;
  intervalMs: number;
  log: SchedulerLog;
  onResult?: (run: TenantRun) => void;
  now?: () => Date;
  /** Engine steps per tenant and pass (default 50): a tenant far behind catches up over passes. */
  maxSteps?: number;
};

export type DetectionScheduler = {
  /** Runs a pass now (or waits for the one running); resolves when it ends. */
  runPass(): Promise<void>;
  stop(): Promise<void>;
};

export function startDetectionScheduler(opts: SchedulerOptions): DetectionScheduler {
  const now = opts.now ?? (() => new Date());
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  // A rule skipped for bad parameters is skipped every pass: logged when its message changes.
  const logged = new Map<string, string>();

  async function pass(): Promise<void> {
    let tenants: { id: string }[];
    try {
      tenants = await opts.store.admin.listTenants();
    } catch (err) {
      opts.log.error("detection: could not list tenants", err);
      return;
    }
    for (const t of tenants) {
      if (stopped) return;
      try {
        const run = await detectTenant({
          data: opts.store.forTenant(t.id),
          now,
          maxSteps: opts.maxSteps ?? 50,
          stop: () => stopped,
        });
        for (const e of run.errors) {
          if (logged.get(`${t.id}|${e.rule}`) === e.message) continue;
          logged.set(`${t.id}|${e.rule}`, e.message);
          opts.log.error(`detection: tenant ${t.id}, rule ${e.rule}: ${e.message}`);
        }
        opts.onResult?.(run);
      } catch (err) {
        opts.log.error(`detection failed for tenant ${t.id}`, err);
      }
    }
  }

  function runPass(): Promise<void> {
    if (running) return running;
    if (stopped) return Promise.resolve();
    if (timer) clearTimeout(timer);
    timer = null;
    running = pass().finally(() => {
      running = null;
      schedule();
    });
    return running;
  }

  function schedule(): void {
    if (stopped || opts.intervalMs <= 0) return;
    timer = setTimeout(() => void runPass(), opts.intervalMs);
    // A pending pass does not keep a process alive that has nothing else to do.
    timer.unref();
  }

  schedule();
  return {
    runPass,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
}
