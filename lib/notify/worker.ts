import type { DeliveryRecord, DestinationRecord } from "../../db/store/detection-types";
import type { Store } from "../../db/store/types";
import { attemptDelivery, type NotifyEnv } from "./deliver";
import { afterAttempt, DEFAULT_RETRY, type RetryPolicy } from "./retry";

type Log = { error(msg: string, err?: unknown): void };

export type DeliveryWorkerOptions = {
  store: Store;
  env: NotifyEnv;
  log: Log;
  /** How often due deliveries are looked for (ms); 5 s. */
  intervalMs?: number;
  /** Deliveries fetched per tenant and tick. */
  batch?: number;
  /** Destinations being sent to at once, across tenants. */
  concurrency?: number;
  policy?: RetryPolicy;
  now?: () => Date;
  random?: () => number;
};

/**
 * Sends queued notifications, on its own timer beside ingestion and evaluation (which only queue
 * them, enqueue.ts), so a destination never slows either. Each destination is a lane: its
 * deliveries go one after another, oldest first, while other destinations' lanes run beside it,
 * so a slow or failing destination (each attempt is bounded by the 5 s timeout) delays only its
 * own deliveries. One process sends each delivery once; servers sharing a database may both send
 * one (receivers drop duplicates by the `Tooltrail-Delivery` id, docs/notifications.md).
 */
export class DeliveryWorker {
  private readonly lanes = new Map<string, Promise<void>>();
  private ticking: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly policy: RetryPolicy;
  private readonly now: () => Date;
  private readonly random: () => number;

  constructor(private readonly opts: DeliveryWorkerOptions) {
    this.policy = opts.policy ?? DEFAULT_RETRY;
    this.now = opts.now ?? (() => new Date());
    this.random = opts.random ?? Math.random;
  }

  /** Starts the timer (the server does; tests drive `tick` themselves). */
  start(): this {
    const loop = () => {
      if (this.stopped) return;
      this.tick().finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(loop, this.opts.intervalMs ?? 5_000);
        this.timer.unref();
      });
    };
    loop();
    return this;
  }

  /** Looks for due deliveries in every tenant and starts a lane per idle destination. */
  tick(): Promise<void> {
    this.ticking ??= this.scan().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  /** Resolves when every lane started so far has finished. */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) await Promise.all([...this.lanes.values()]);
  }

  /** Stops looking for work and waits for the attempts under way (each ends within its timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await this.idle();
  }

  private async scan(): Promise<void> {
    let tenants: { id: string }[];
    try {
      tenants = await this.opts.store.admin.listTenants();
    } catch (err) {
      this.opts.log.error("notifications: cannot list tenants", err);
      return;
    }
    for (const t of tenants) {
      if (this.stopped) return;
      try {
        await this.scanTenant(t.id);
      } catch (err) {
        this.opts.log.error(`notifications: tenant ${t.id}`, err);
      }
    }
  }

  /**
   * Due deliveries are fetched per destination, so a destination with a long backlog (one that
   * has been failing) cannot fill every batch and starve the others of its tenant.
   */
  private async scanTenant(tenantId: string): Promise<void> {
    const detection = this.opts.store.forTenant(tenantId).detection;
    const destinations = await detection.listDestinations();
    for (const destination of destinations) {
      const lane = `${tenantId}\u001f${destination.id}`;
      if (this.stopped || this.lanes.has(lane)) continue;
      if (this.lanes.size >= (this.opts.concurrency ?? 16)) return;
      const due = await detection.dueDeliveries(this.now(), this.opts.batch ?? 100, destination.id);
      if (due.length === 0) continue;
      const run = this.runLane(tenantId, destination, due)
        .catch((err) => this.opts.log.error(`notifications: destination ${destination.id}`, err))
        .finally(() => this.lanes.delete(lane));
      this.lanes.set(lane, run);
    }
  }

  private async runLane(
    tenantId: string,
    destination: DestinationRecord,
    deliveries: DeliveryRecord[],
  ): Promise<void> {
    const detection = this.opts.store.forTenant(tenantId).detection;
    for (const d of deliveries) {
      if (this.stopped) return;
      if (!destination.enabled) {
        await detection.updateDelivery(d.id, {
          status: "failed",
          lastError: "the destination is disabled",
        });
        continue;
      }
      const result = await attemptDelivery(this.opts.env, tenantId, destination, d, this.now());
      await detection.updateDelivery(
        d.id,
        afterAttempt(d, result, this.now(), this.policy, this.random),
      );
      // A destination that just failed is left until a later tick: the rest of its queue would
      // most likely fail the same way, each attempt holding the lane up to the timeout.
      if (!result.ok) return;
    }
  }
}
