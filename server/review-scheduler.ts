import { operatorTenantCtx, type ServiceCtx } from "../lib/services/context";
import { applyDuePolicy } from "../lib/services/reviews/apply-due-policy";

/**
 * The access reviews' due-date policy in-process for `npm start` (docs/access-reviews.md): every
 * interval, each tenant's campaigns in progress get their reminders and, past the due date, their
 * configured outcome. Both are recorded once per campaign by the service (remindedAt,
 * dueOutcomeAppliedAt), so passes are idempotent; they never overlap, a tenant's failure is logged
 * and the others go on, and stop() waits for the pass in progress.
 */

export type ReviewSchedulerLog = {
  info(msg: string): void;
  error(msg: string, err?: unknown): void;
};

export type ReviewSchedulerOptions = {
  /** The process's service context; the policy runs as this operator in each tenant. */
  ctx: ServiceCtx;
  intervalMs: number;
  log: ReviewSchedulerLog;
};

export type ReviewScheduler = {
  /** Runs a pass now (or waits for the one running); resolves when it ends. */
  runPass(): Promise<void>;
  stop(): Promise<void>;
};

/** Who the audit events of automatic reminders and outcomes name. */
export const DUE_POLICY_OPERATOR = "tooltrail due-date policy";

export function startReviewScheduler(opts: ReviewSchedulerOptions): ReviewScheduler {
  const ctx: ServiceCtx = { ...opts.ctx, actor: { kind: "operator", name: DUE_POLICY_OPERATOR } };
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  async function pass(): Promise<void> {
    let tenants: { id: string }[];
    try {
      tenants = await ctx.store.admin.listTenants();
    } catch (err) {
      opts.log.error("access reviews: could not list tenants", err);
      return;
    }
    for (const t of tenants) {
      if (stopped) return;
      try {
        const out = await applyDuePolicy({ ctx: await operatorTenantCtx(ctx, t.id), input: {} });
        for (const o of out)
          if (o.reminded > 0 || o.applied > 0)
            opts.log.info(
              `access reviews: tenant ${t.id}, campaign ${o.campaign}: ${o.reminded} reminders, due-date outcome on ${o.applied} entries`,
            );
      } catch (err) {
        opts.log.error(`access reviews: due-date policy failed for tenant ${t.id}`, err);
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
