import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../db/store/pglite";
import type { Store } from "../../db/store/types";
import type { NotifyEnv } from "./deliver";
import { enqueueFlagNotifications } from "./enqueue";
import { notifyRootKey } from "./secret-box";
import { verifySignature } from "./signing";
import { putWebhook, sampleFlag, startReceiver } from "./test-kit";
import { DeliveryWorker } from "./worker";

/**
 * The delivery worker on a real store (in-memory PGlite) against receivers on loopback ports:
 * retried with backoff until delivered, failed after the last attempt, and a receiver that hangs
 * delays only its own deliveries. The worker's clock is a variable the test moves.
 */
const rootKey = notifyRootKey(randomBytes(32));
const env: NotifyEnv = { rootKey, allowPrivate: true, publicUrl: "https://tt.example.com" };
const log = { error: () => {} };
let store: Store;
let t: Date;
let n = 0;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  store = await openPgliteStore(undefined);
  await store.migrate();
});
afterAll(async () => {
  for (const c of closers) await c();
  await store?.close();
});

/** A fresh tenant per test, so queues never mix. */
let tenant: string;
beforeEach(async () => {
  tenant = `t${++n}`;
  await store.admin.createTenant({ id: tenant, name: tenant });
  t = new Date("2026-06-01T12:00:00Z");
});
const data = () => store.forTenant(tenant);

const destination = (url: string, minSeverity = "medium") =>
  putWebhook(data(), rootKey, url, { id: `dst_${++n}`, minSeverity, at: t });

const flag = (id: string, severity: string) => sampleFlag(id, severity, t);

const worker = (extra: Partial<ConstructorParameters<typeof DeliveryWorker>[0]> = {}) =>
  new DeliveryWorker({ store, env, log, now: () => t, random: () => 0.5, ...extra });
const log_ = async () => data().detection.listDeliveries(null, 100);

describe("delivery worker", () => {
  it("retries a failing receiver with backoff and records every attempt until delivered", async () => {
    const rx = await startReceiver((_r, res, i) => res.writeHead(i === 1 ? 500 : 200).end("nope"));
    closers.push(rx.close);
    const d = await destination(rx.url);
    await enqueueFlagNotifications({ data: data(), flags: [flag("f1", "high")], now: t });
    const w = worker();

    await w.tick();
    await w.idle();
    const [first] = await log_();
    expect(first).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500 });
    expect(first?.lastError).toMatch(/^HTTP 500: nope/);
    // 1 minute, with the jitter at its middle.
    expect(first?.nextAttemptAt.getTime()).toBe(t.getTime() + 60_000);

    // Not due yet: nothing is sent.
    t = new Date(t.getTime() + 59_000);
    await w.tick();
    await w.idle();
    expect(rx.received).toHaveLength(1);

    t = new Date(t.getTime() + 1_000);
    await w.tick();
    await w.idle();
    const [done] = await log_();
    expect(done).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastStatus: 200,
      lastError: null,
    });
    expect(done?.deliveredAt).toEqual(t);
    const got = rx.received[1];
    const check = verifySignature({
      secret: d.secret,
      body: got?.body ?? "",
      header: got?.headers["tooltrail-signature"] as string,
      now: Math.floor(t.getTime() / 1000),
    });
    expect(check.ok).toBe(true);
    expect(JSON.parse(got?.body ?? "{}")).toMatchObject({
      type: "flag.opened",
      tenant,
      flag: { id: "f1", severity: "high", sentence: "alice called delete_file 412 times" },
      link: `https://tt.example.com/${tenant}/flags/f1`,
    });
    await w.stop();
  });

  it("fails a delivery after the last attempt and sends it no more", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(503).end());
    closers.push(rx.close);
    await destination(rx.url);
    await enqueueFlagNotifications({ data: data(), flags: [flag("f1", "high")], now: t });
    const w = worker({ policy: { baseMs: 1_000, capMs: 4_000, maxAttempts: 3 } });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await w.tick();
      await w.idle();
      const [d] = await log_();
      if (d?.status === "pending") waits.push(d.nextAttemptAt.getTime() - t.getTime());
      t = new Date(t.getTime() + 10_000);
    }
    expect(waits).toEqual([1_000, 2_000]);
    expect(rx.received).toHaveLength(3);
    expect((await log_())[0]).toMatchObject({ status: "failed", attempts: 3, lastStatus: 503 });
  });

  it("a receiver that hangs times out without holding up another destination's deliveries", async () => {
    let hung = 0;
    const slow = await startReceiver(() => {
      hung++;
    });
    const fast = await startReceiver((_r, res) => res.writeHead(204).end());
    closers.push(slow.close, fast.close);
    const s = await destination(slow.url);
    const f = await destination(fast.url);
    await enqueueFlagNotifications({ data: data(), flags: [flag("f1", "high")], now: t });
    const w = worker();

    await w.tick();
    // The fast destination is delivered while the slow one's request is still unanswered.
    const byDestination = async () => new Map((await log_()).map((d) => [d.destinationId, d]));
    while ((await byDestination()).get(f.id)?.status !== "delivered")
      await new Promise((r) => setTimeout(r, 20));
    expect((await byDestination()).get(s.id)).toMatchObject({ status: "pending", attempts: 0 });

    await w.stop();
    expect(hung).toBe(1);
    expect((await byDestination()).get(s.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      lastStatus: null,
      lastError: "no answer within 5 s",
    });
  });

  it("fails the queued deliveries of a destination that was disabled", async () => {
    const d = await destination("http://127.0.0.1:9/x");
    await enqueueFlagNotifications({ data: data(), flags: [flag("f1", "high")], now: t });
    await data().detection.putDestination({ ...d, enabled: false });
    const w = worker();
    await w.tick();
    await w.idle();
    expect((await log_())[0]).toMatchObject({
      status: "failed",
      attempts: 0,
      lastError: "the destination is disabled",
    });
  });

  it("a failing destination's backlog does not keep another destination's deliveries waiting", async () => {
    const down = await startReceiver((_r, res) => res.writeHead(503).end());
    const up = await startReceiver((_r, res) => res.writeHead(204).end());
    closers.push(down.close, up.close);
    const failing = await destination(down.url);
    const flags = ["f1", "f2", "f3", "f4", "f5"].map((id) => flag(id, "high"));
    await enqueueFlagNotifications({ data: data(), flags, now: t });
    // The healthy destination is added later: its delivery is the newest of the tenant.
    const healthy = await destination(up.url);
    t = new Date(t.getTime() + 1_000);
    await enqueueFlagNotifications({ data: data(), flags: [flag("f6", "high")], now: t });
    const w = worker({ batch: 2 });
    await w.tick();
    await w.idle();
    const rows = await log_();
    expect(rows.filter((d) => d.destinationId === healthy.id).map((d) => d.status)).toEqual([
      "delivered",
    ]);
    // The failing one was tried once, its other deliveries left for a later round.
    expect(down.received).toHaveLength(1);
    expect(rows.filter((d) => d.destinationId === failing.id && d.attempts > 0)).toHaveLength(1);
  });

  it("lists destinations once a minute: a new one is picked up at the next listing", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(204).end());
    closers.push(rx.close);
    const w = worker();
    await w.tick(); // lists: no destination yet
    await destination(rx.url);
    await enqueueFlagNotifications({ data: data(), flags: [flag("f1", "high")], now: t });
    t = new Date(t.getTime() + 59_000);
    await w.tick();
    await w.idle();
    expect(rx.received).toHaveLength(0);
    t = new Date(t.getTime() + 1_000);
    await w.tick();
    await w.idle();
    expect((await log_())[0]).toMatchObject({ status: "delivered", attempts: 1 });
  });
});
