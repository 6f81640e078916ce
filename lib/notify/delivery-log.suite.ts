import { afterAll, beforeAll, expect, it } from "vitest";
import type { DeliveryRecord } from "../../db/store/detection-types";
import type { Store } from "../../db/store/types";
import { testPayload } from "./payload";
import { DeliveryWorker } from "./worker";

/**
 * The delivery log is kept 90 days: the worker trims what was delivered or failed before that,
 * in every tenant, and never a pending delivery. Run on every SQL store.
 */
export function deliveryLogSuite(open: () => Promise<Store>) {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    await store.migrate();
    for (const id of ["acme", "globex"]) await store.admin.createTenant({ id, name: id });
  });
  afterAll(async () => store?.close());

  const now = new Date("2026-06-01T12:00:00Z");
  const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000);
  const row = (id: string, status: DeliveryRecord["status"], created: Date): DeliveryRecord => ({
    id,
    destinationId: "gone",
    kind: "test",
    flagId: null,
    payload: testPayload("acme"),
    status,
    attempts: 1,
    // Pending rows wait far ahead, so the worker does not try to send them here.
    nextAttemptAt: status === "pending" ? daysAgo(-1) : created,
    lastError: null,
    lastStatus: null,
    createdAt: created,
    deliveredAt: null,
  });

  it("trims delivered and failed deliveries older than 90 days, in every tenant", async () => {
    for (const tenant of ["acme", "globex"])
      await store
        .forTenant(tenant)
        .detection.enqueueDeliveries([
          row("old-delivered", "delivered", daysAgo(91)),
          row("old-failed", "failed", daysAgo(120)),
          row("old-pending", "pending", daysAgo(100)),
          row("recent", "delivered", daysAgo(89)),
        ]);
    const env = { rootKey: Buffer.alloc(32), allowPrivate: false, publicUrl: "https://x" };
    const w = new DeliveryWorker({ store, env, log: { error: () => {} }, now: () => now });
    await w.tick();
    await w.idle();
    for (const tenant of ["acme", "globex"]) {
      const left = await store.forTenant(tenant).detection.listDeliveries(null, 10);
      expect(left.map((d) => d.id).sort()).toEqual(["old-pending", "recent"]);
    }
  });
}
