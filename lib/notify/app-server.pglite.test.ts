import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore } from "../../db/store/open-store";
import { startAppServer } from "../../server/app-server";
import { loadConfig } from "../core/config";
import { masterSecret } from "../runtime/secrets";
import { enqueueFlagNotifications } from "./enqueue";
import { notifyRootKey, sealSecret } from "./secret-box";
import { newSigningSecret, verifySignature } from "./signing";
import { sampleFlag, startReceiver } from "./test-kit";

/**
 * `npm start` sends queued notifications by itself: a delivery queued in its data directory
 * reaches a receiver, signed with the secret the instance's master secret sealed, without any
 * request to the server; stopping the server waits for the worker.
 */
describe("the one-process server's delivery worker", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "tooltrail-notify-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  // Two PGlite openings on disk and a server start: slow on a busy machine, hence the budget.
  it("delivers what was queued before it started", { timeout: 120_000 }, async () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: "0",
      INGEST_WORKERS: "0",
      NOTIFY_ALLOW_PRIVATE_DESTINATIONS: "true",
    });
    let resolveGot: () => void = () => {};
    const got = new Promise<void>((r) => {
      resolveGot = r;
    });
    const rx = await startReceiver((_r, res) => {
      res.writeHead(204).end();
      resolveGot();
    });
    const secret = newSigningSecret();
    const store = await openStore(config);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
    const data = store.forTenant("acme");
    const root = notifyRootKey(masterSecret(config.dataDir, config.TOOLTRAIL_SECRET));
    await data.detection.putDestination({
      id: "dst_1",
      kind: "webhook",
      name: "siem",
      url: rx.url,
      secretCiphertext: sealSecret(root, { tenantId: "acme", destinationId: "dst_1" }, secret),
      minSeverity: "low",
      enabled: true,
      createdBy: "test",
      createdAt: new Date(),
    });
    const flags = [sampleFlag("f1", "high", new Date())];
    expect(await enqueueFlagNotifications({ data, flags, now: new Date() })).toBe(1);
    await store.close();

    const log = { info: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };
    const app = await startAppServer(config, log, { dashboard: false, dev: false });
    try {
      await got;
    } finally {
      await app.stop();
      await rx.close();
    }
    const r = rx.received[0];
    expect(
      verifySignature({
        secret,
        body: r?.body ?? "",
        header: r?.headers["tooltrail-signature"] as string,
        now: Math.floor(Date.now() / 1000),
      }).ok,
    ).toBe(true);
    expect(JSON.parse(r?.body ?? "{}")).toMatchObject({ type: "flag.opened", flag: { id: "f1" } });

    const after = await openStore(config);
    const [row] = await after.forTenant("acme").detection.listDeliveries(null, 10);
    await after.close();
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 204 });
  });
});
