import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../../db/store/types";
import { enqueueFlagNotifications } from "./enqueue";
import { notifyRootKey } from "./secret-box";
import { putWebhook, sampleFlag, startReceiver } from "./test-kit";
import { DeliveryWorker } from "./worker";

/**
 * Two servers sharing a database each run a delivery worker: both find the same deliveries due,
 * and each delivery must still reach the receiver once (claimDelivery). Run on every SQL store.
 */
export function twoWorkersSuite(open: () => Promise<Store>) {
  let store: Store;
  beforeAll(async () => {
    store = await open();
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
  });
  afterAll(async () => store?.close());

  it("sends each delivery once when two workers look at the same queue", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(204).end());
    try {
      const rootKey = notifyRootKey(randomBytes(32));
      const env = { rootKey, allowPrivate: true, publicUrl: "https://tt.example.com" };
      const data = store.forTenant("acme");
      const now = new Date();
      for (const id of ["d1", "d2", "d3"]) await putWebhook(data, rootKey, rx.url, { id });
      const flags = Array.from({ length: 10 }, (_, i) => sampleFlag(`f${i}`, "high", now));
      expect(await enqueueFlagNotifications({ data, flags, now })).toBe(30);

      const log = { error: () => {} };
      const workers = [1, 2].map(() => new DeliveryWorker({ store, env, log }));
      // Both list the same due deliveries before either has sent any.
      await Promise.all(workers.map((w) => w.tick()));
      await Promise.all(workers.map((w) => w.idle()));

      const ids = rx.received.map((r) => r.headers["tooltrail-delivery"]);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      const rows = await data.detection.listDeliveries(null, 100);
      expect(rows.filter((r) => r.status === "delivered" && r.attempts === 1)).toHaveLength(30);
    } finally {
      await rx.close();
    }
  });
}
