import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPgliteStore } from "../../../db/store/pglite";
import type { Store } from "../../../db/store/types";
import { can } from "../../auth/permissions";
import type { Role } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import type { NotifyEnv } from "../../notify/deliver";
import { enqueueFlagNotifications } from "../../notify/enqueue";
import { notifyRootKey } from "../../notify/secret-box";
import { verifySignature } from "../../notify/signing";
import { sampleFlag, startReceiver } from "../../notify/test-kit";
import { DeliveryWorker } from "../../notify/worker";
import type { Actor, AuditAction, TenantCtx } from "../context";
import { createDestination } from "./create-destination";
import { listDeliveries } from "./list-deliveries";
import { listDestinations } from "./list-destinations";
import { removeDestination } from "./remove-destination";
import { sendTest } from "./send-test";
import { viewNotifications } from "./view-notifications";

/**
 * The notification services on a real store: who may configure and who may read the log, the
 * SSRF refusal at creation, the secret shown once and stored only encrypted, a test send that a
 * receiver verifies, and one audit event per change.
 */
describe("notification services (PGlite)", () => {
  let store: Store;
  const recorded: AuditAction[] = [];
  const env: NotifyEnv = {
    rootKey: notifyRootKey(randomBytes(32)),
    allowPrivate: true,
    publicUrl: "https://tt.example.com",
  };
  const closers: (() => Promise<void>)[] = [];

  async function ctxAs(role: Role, notify: NotifyEnv | null = env): Promise<TenantCtx> {
    const tenant = await store.admin.getTenant("acme");
    if (!tenant) throw new Error("no tenant");
    const actor: Actor = {
      kind: "user",
      userId: `u-${role}`,
      email: `${role}@a.test`,
      auth: "session",
    };
    return {
      store,
      actor,
      audit: async (_t, _a, action) => {
        recorded.push(action);
      },
      now: () => new Date(),
      ...(notify ? { notify } : {}),
      tenant,
      data: store.forTenant("acme"),
      can: (p) => can(role, p),
    };
  }
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e,
    );

  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    await store.migrate();
    await store.admin.createTenant({ id: "acme", name: "Acme" });
  });
  afterAll(async () => {
    for (const c of closers) await c();
    await store?.close();
  });

  it("creates a webhook, shows its secret once, and a test send verifies with it", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(200).end("ok"));
    closers.push(rx.close);
    const ctx = await ctxAs("admin");
    recorded.length = 0;
    const out = await createDestination({
      ctx,
      input: { kind: "webhook", name: "SIEM", url: rx.url, minSeverity: "medium" },
    });
    expect(out.secret).toMatch(/^whsec_/);
    expect(out.destination).toMatchObject({
      name: "SIEM",
      url: `http://127.0.0.1:${rx.port}/…`,
    });
    const stored = await store.forTenant("acme").detection.getDestination(out.destination.id);
    expect(stored?.secretCiphertext).not.toContain(out.secret ?? "-");
    // Never again: listings carry no secret and no full URL.
    const listed = JSON.stringify(await listDestinations({ ctx }));
    expect(listed).not.toContain("whsec_");
    expect(listed).not.toContain("/hook");
    expect(recorded).toEqual([
      {
        action: "notification.destination_created",
        details: {
          destination_id: out.destination.id,
          kind: "webhook",
          name: "SIEM",
          url: `http://127.0.0.1:${rx.port}/…`,
          min_severity: "medium",
        },
      },
    ]);

    const sent = await sendTest({ ctx, input: { id: out.destination.id } });
    expect(sent).toMatchObject({ ok: true, status: 200 });
    const got = rx.received[0];
    const check = verifySignature({
      secret: out.secret ?? "",
      body: got?.body ?? "",
      header: got?.headers["tooltrail-signature"] as string,
      now: Math.floor(Date.now() / 1000),
    });
    expect(check.ok).toBe(true);
    expect(recorded.at(-1)).toMatchObject({ action: "notification.test_sent", outcome: "ok" });

    // The analyst reads the log; a viewer may not (it says which flags went where).
    const analyst = await ctxAs("security_analyst");
    const log = await listDeliveries({
      ctx: analyst,
      input: { destinationId: out.destination.id },
    });
    expect(log).toEqual([
      expect.objectContaining({
        id: sent.deliveryId,
        kind: "test",
        status: "delivered",
        attempts: 1,
        lastStatus: 200,
      }),
    ]);
    expect(JSON.stringify(log)).not.toContain("payload");
    const viewer = await ctxAs("viewer");
    expect(hasCode(await failure(listDeliveries({ ctx: viewer })), "forbidden")).toBe(true);
  });

  it("a failing test send says why, is logged as failed and is not retried", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(500).end("receiver broke"));
    closers.push(rx.close);
    const ctx = await ctxAs("owner");
    const { destination } = await createDestination({
      ctx,
      input: { kind: "slack", name: "#sec", url: rx.url },
    });
    expect(destination).toMatchObject({ kind: "slack", signed: false, minSeverity: "high" });
    const sent = await sendTest({ ctx, input: { id: destination.id } });
    expect(sent).toMatchObject({ ok: false, status: 500, error: "HTTP 500: receiver broke" });
    const [row] = await listDeliveries({ ctx, input: { destinationId: destination.id } });
    expect(row).toMatchObject({ status: "failed", attempts: 1, lastStatus: 500 });
    expect(JSON.parse(rx.received[0]?.body ?? "{}")).toHaveProperty("blocks");
  });

  it("stores a Slack URL only encrypted, shows host and last 4, and still posts to it", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(200).end("ok"));
    closers.push(rx.close);
    const ctx = await ctxAs("owner");
    const url = `${rx.url}/T01/B02/s3cr3tTokenWXYZ`;
    const { destination } = await createDestination({
      ctx,
      input: { kind: "slack", name: "#alerts", url },
    });
    const masked = `http://127.0.0.1:${rx.port}/…WXYZ`;
    expect(destination.url).toBe(masked);
    const stored = await store.forTenant("acme").detection.getDestination(destination.id);
    expect(stored?.url).toBe(masked);
    for (const shown of [stored, await listDestinations({ ctx }), recorded.at(-1)])
      expect(JSON.stringify(shown)).not.toContain("s3cr3tToken");
    expect(await sendTest({ ctx, input: { id: destination.id } })).toMatchObject({ ok: true });
    expect(rx.received).toHaveLength(1);
  });

  it("keeps a Slack URL stored in plain text working, and the worker seals it", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(200).end("ok"));
    closers.push(rx.close);
    const ctx = await ctxAs("owner");
    const data = store.forTenant("acme");
    const url = `${rx.url}/T01/B02/oldPlainTokenABCD`;
    const now = new Date();
    await data.detection.putDestination({
      id: "dst_old_slack",
      kind: "slack",
      name: "#old",
      url,
      secretCiphertext: null,
      minSeverity: "low",
      enabled: true,
      createdBy: "u1",
      createdAt: now,
    });
    const listed = await listDestinations({ ctx });
    expect(JSON.stringify(listed)).not.toContain("oldPlainToken");
    expect(JSON.stringify(listed)).toContain(`127.0.0.1:${rx.port}/…ABCD`);
    await enqueueFlagNotifications({ data, flags: [sampleFlag("f-old", "high", now)], now });
    const worker = new DeliveryWorker({ store, env, log: { error: () => {} } });
    await worker.tick();
    await worker.idle();
    const sealed = await data.detection.getDestination("dst_old_slack");
    expect(JSON.stringify(sealed)).not.toContain("oldPlainToken");
    expect(sealed?.secretCiphertext).toMatch(/^v1\./);
    expect(rx.received.map((r) => JSON.parse(r.body).text)).toEqual([
      expect.stringContaining("alice called delete_file"),
    ]);
  });

  it("refuses a loopback or metadata URL without the setting, storing and auditing nothing", async () => {
    const ctx = await ctxAs("owner", { ...env, allowPrivate: false });
    const before = (await listDestinations({ ctx })).length;
    recorded.length = 0;
    for (const url of ["https://127.0.0.1/x", "https://localhost/x", "https://169.254.169.254/x"]) {
      const err = await failure(
        createDestination({ ctx, input: { kind: "webhook", name: "x", url } }),
      );
      expect(hasCode(err, "forbidden")).toBe(true);
    }
    const http = await failure(
      createDestination({
        ctx,
        input: { kind: "webhook", name: "x", url: "http://93.184.216.34/" },
      }),
    );
    expect(hasCode(http, "invalid-input")).toBe(true);
    expect((await listDestinations({ ctx })).length).toBe(before);
    expect(recorded).toEqual([]);
  });

  it("refuses roles without detection:configure, and says where notifications run", async () => {
    for (const role of ["security_analyst", "auditor", "viewer"] as const) {
      const ctx = await ctxAs(role);
      const err = await failure(
        createDestination({ ctx, input: { kind: "webhook", name: "x", url: "https://1.1.1.1/" } }),
      );
      expect(hasCode(err, "forbidden")).toBe(true);
    }
    expect(
      hasCode(await failure(listDestinations({ ctx: await ctxAs("viewer") })), "forbidden"),
    ).toBe(true);
    const noEnv = await ctxAs("owner", null);
    const err = await failure(
      createDestination({
        ctx: noEnv,
        input: { kind: "webhook", name: "x", url: "https://1.1.1.1/" },
      }),
    );
    expect(hasCode(err, "unavailable")).toBe(true);
  });

  it("removes a destination once, audited; another time it is not found", async () => {
    const ctx = await ctxAs("owner");
    const { destination } = await createDestination({
      ctx,
      input: { kind: "webhook", name: "gone", url: "http://127.0.0.1:9/x" },
    });
    recorded.length = 0;
    expect(await removeDestination({ ctx, input: { id: destination.id } })).toEqual({
      id: destination.id,
      removed: true,
    });
    expect(recorded).toEqual([
      {
        action: "notification.destination_removed",
        details: { destination_id: destination.id, kind: "webhook", name: "gone" },
      },
    ]);
    const again = await failure(removeDestination({ ctx, input: { id: destination.id } }));
    expect(hasCode(again, "not-found")).toBe(true);
    expect(recorded).toHaveLength(1);
  });

  it("the settings section: forms for configuring roles, the log for flag readers, nothing for a viewer", async () => {
    const owner = await viewNotifications({ ctx: await ctxAs("owner") });
    expect(owner).toMatchObject({ manage: true, allowPrivate: true });
    expect(owner?.deliveries?.length).toBeGreaterThan(0);
    const analyst = await viewNotifications({ ctx: await ctxAs("security_analyst") });
    expect(analyst?.manage).toBe(false);
    expect(analyst?.destinations.length).toBe(owner?.destinations.length);
    expect(await viewNotifications({ ctx: await ctxAs("viewer") })).toBeNull();
  });
});
