import type { DeliveryRecord, DestinationRecord } from "../../db/store/detection-types";
import type { Store } from "../../db/store/types";
import { attemptDelivery, type NotifyEnv } from "./deliver";
import { plainSlack, sealPlainSlackUrls } from "./destination-url";
import { afterAttempt, DEFAULT_RETRY, type RetryPolicy } from "./retry";

type Log = { error(msg: string, err?: unknown): void };

const CLAIM_LEASE_MS = 2 * 60_000;
/** How long the delivery log keeps what was delivered or failed (the payload names actors). */
export const DELIVERY_LOG_DAYS = 90;
const PRUNE_EVERY_MS = 60 * 60_000;

export type DeliveryWorkerOptions = {
  store: Store;
  env: NotifyEnv;
  log: Log;
  /** How often due deliveries are looked for (ms); 5 s. */
  intervalMs?: number;
  /** How often the tenants' destinations are listed again (ms); 60 s. */
  refreshMs?: number;
  /** Deliveries fetched per destination and tick. */
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
 * so a slow or failing destination (an attempt waits at most 5 s for DNS and 5 s for the
 * request) delays only its own deliveries. Servers sharing a database claim each attempt
 * (claimDelivery), so one of them makes it; a delivery is still sent again if its sender dies
 * between sending and recording (receivers drop duplicates by the `Tooltrail-Delivery` id).
 */
export class DeliveryWorker {
  private readonly lanes = new Map<string, Promise<void>>();
  private ticking: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Tenants that have destinations, and theirs: listed every `refreshMs`, not every tick. */
  private destinations = new Map<string, DestinationRecord[]>();
  private listedAt: number | null = null;
  private prunedAt: number | null = null;
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
    // Listing every tenant's destinations costs a query per tenant (3.6 ms each on PGlite): done
    // once a minute, so an instance of idle tenants costs next to nothing between. A new
    // destination's first notification waits at most that long (a test send is immediate).
    const now = this.now().getTime();
    if (this.listedAt === null || now - this.listedAt >= (this.opts.refreshMs ?? 60_000)) {
      try {
        await this.listDestinations();
        this.listedAt = now;
      } catch (err) {
        this.opts.log.error("notifications: cannot list destinations", err);
        return;
      }
    }
    for (const [tenantId, destinations] of this.destinations) {
      if (this.stopped) return;
      try {
        await this.scanTenant(tenantId, destinations);
      } catch (err) {
        this.opts.log.error(`notifications: tenant ${tenantId}`, err);
      }
    }
  }

  /** Lists each tenant's destinations and, once an hour, trims its delivery log. */
  private async listDestinations(): Promise<void> {
    const now = this.now().getTime();
    const prune = this.prunedAt === null || now - this.prunedAt >= PRUNE_EVERY_MS;
    const before = new Date(now - DELIVERY_LOG_DAYS * 86_400_000);
    const next = new Map<string, DestinationRecord[]>();
    for (const t of await this.opts.store.admin.listTenants()) {
      const detection = this.opts.store.forTenant(t.id).detection;
      const stored = await detection.listDestinations();
      // Slack URLs stored in plain text before they were sealed are sealed here, once.
      const list = stored.some(plainSlack)
        ? await sealPlainSlackUrls(this.opts.env.rootKey, t.id, detection, stored)
        : stored;
      if (list.length > 0) next.set(t.id, list);
      if (prune) await detection.pruneDeliveries(before);
    }
    this.destinations = next;
    if (prune) this.prunedAt = now;
  }

  /**
   * Due deliveries are fetched per destination, so a destination with a long backlog (one that
   * has been failing) cannot fill every batch and starve the others of its tenant.
   */
  private async scanTenant(tenantId: string, destinations: DestinationRecord[]): Promise<void> {
    const detection = this.opts.store.forTenant(tenantId).detection;
    for (const destination of destinations) {
      const lane = `${tenantId}\u001f${destination.id}`;
      if (this.stopped || this.lanes.has(lane)) continue;
      if (this.lanes.size >= (this.opts.concurrency ?? 16)) return;
      const due = await detection.dueDeliveries(this.now(), this.opts.batch ?? 100, destination.id);
      if (due.length === 0) continue;
      const run = this.runLane(tenantId, destination.id, due)
        .catch((err) => this.opts.log.error(`notifications: destination ${destination.id}`, err))
        .finally(() => this.lanes.delete(lane));
      this.lanes.set(lane, run);
    }
  }

  private async runLane(
    tenantId: string,
    destinationId: string,
    deliveries: DeliveryRecord[],
  ): Promise<void> {
    const detection = this.opts.store.forTenant(tenantId).detection;
    // Read again now: the listing may be up to a minute old (a removed destination's pending
    // deliveries are gone with it; a disabled one's are failed).
    const destination = await detection.getDestination(destinationId);
    if (!destination) return;
    for (const d of deliveries) {
      if (this.stopped) return;
      if (!destination.enabled) {
        await detection.updateDelivery(d.id, {
          status: "failed",
          lastError: "the destination is disabled",
        });
        continue;
      }
      // Servers sharing a database each run a worker: the claim makes each attempt once. The
      // lease outlasts an attempt (DNS and request, 5 s each) by far; a crash frees it after.
      const at = this.now();
      const lease = new Date(at.getTime() + CLAIM_LEASE_MS);
      if (!(await detection.claimDelivery(d.id, d.attempts, at, lease))) continue;
      const result = await attemptDelivery(this.opts.env, tenantId, destination, d, at);
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
