import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import { enqueueFlagNotifications } from "./enqueue";
import { notifyRootKey } from "./secret-box";
import { putWebhook, sampleFlag } from "./test-kit";

/** What the detection engine's call queues, on a real store (in-memory PGlite). */
const rootKey = notifyRootKey(randomBytes(32));
const t = new Date("2026-06-01T12:00:00Z");
let store: Store;

beforeAll(async () => {
  store = await openPgliteStore(undefined);
  await store.migrate();
  await store.admin.createTenant({ id: "acme", name: "Acme" });
});
afterAll(async () => store?.close());

const data = () => store.forTenant("acme");
const flag = (id: string, severity: string) => sampleFlag(id, severity, t);
const destination = (id: string, minSeverity: string) =>
  putWebhook(data(), rootKey, "http://127.0.0.1:9/x", { id, minSeverity, at: t });
const log_ = () => data().detection.listDeliveries(null, 100);

describe("enqueueFlagNotifications", () => {
  it("queues one delivery per enabled destination the severity meets, once per flag and severity", async () => {
    const medium = await destination("a", "medium");
    await destination("b", "critical");
    const off = await destination("c", "low");
    await data().detection.putDestination({ ...off, enabled: false });

    const flags = [flag("f1", "high"), flag("f2", "low")];
    expect(await enqueueFlagNotifications({ data: data(), flags, now: t })).toBe(1);
    // Queued again after a retried evaluation: nothing doubles.
    await enqueueFlagNotifications({ data: data(), flags, now: t });
    const queued = await log_();
    expect(queued.map((d) => [d.destinationId, d.flagId, d.kind, d.status])).toEqual([
      [medium.id, "f1", "flag.opened", "pending"],
    ]);
    // An escalation to critical is news for both destinations that take it.
    const escalated = new Set(["f1"]);
    const up = [flag("f1", "critical")];
    expect(await enqueueFlagNotifications({ data: data(), flags: up, now: t, escalated })).toBe(2);
    expect((await log_()).filter((d) => d.kind === "flag.escalated")).toHaveLength(2);
  });
});
