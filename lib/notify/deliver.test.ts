import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { DeliveryRecord, DestinationRecord } from "../../db/store/detection-types";
import { attemptDelivery, type NotifyEnv } from "./deliver";
import { testPayload } from "./payload";
import { notifyRootKey, sealSecret } from "./secret-box";
import { newSigningSecret, verifySignature } from "./signing";
import { startReceiver } from "./test-kit";

const rootKey = notifyRootKey(randomBytes(32));
const env: NotifyEnv = { rootKey, allowPrivate: true, publicUrl: "https://tt.example.com" };
const now = new Date();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function webhook(url: string, secret: string): DestinationRecord {
  return {
    id: "dst_1",
    kind: "webhook",
    name: "siem",
    url,
    secretCiphertext: sealSecret(rootKey, { tenantId: "acme", destinationId: "dst_1" }, secret),
    minSeverity: "low",
    enabled: true,
    createdBy: "u1",
    createdAt: now,
  };
}
const delivery: DeliveryRecord = {
  id: "dlv_1",
  destinationId: "dst_1",
  kind: "test",
  flagId: null,
  payload: testPayload("acme"),
  status: "pending",
  attempts: 0,
  nextAttemptAt: now,
  lastError: null,
  lastStatus: null,
  createdAt: now,
  deliveredAt: null,
};

describe("one delivery attempt", () => {
  it("posts a body the receiver verifies with the secret shown at creation", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(204).end());
    closers.push(rx.close);
    const secret = newSigningSecret();
    const result = await attemptDelivery(env, "acme", webhook(rx.url, secret), delivery, now);
    expect(result).toEqual({ ok: true, status: 204, body: "" });
    const got = rx.received[0];
    if (!got) throw new Error("the receiver got nothing");
    expect(got.headers["tooltrail-delivery"]).toBe("dlv_1");
    expect(got.headers["tooltrail-event"]).toBe("test");
    const check = verifySignature({
      secret,
      body: got.body,
      header: got.headers["tooltrail-signature"] as string,
      now: Math.floor(Date.now() / 1000),
    });
    expect(check.ok).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({ id: "dlv_1", type: "test", tenant: "acme" });
  });

  it("connects to the address it checked, whatever the name would resolve to later", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(200).end("ok"));
    closers.push(rx.close);
    // The name exists in no DNS: the request can only reach the receiver through the pin.
    const url = `http://hooks.rebind.test:${rx.port}/hook`;
    const pinned = { ...env, resolve: async () => [{ address: "127.0.0.1", family: 4 }] };
    const r = await attemptDelivery(
      pinned,
      "acme",
      webhook(url, newSigningSecret()),
      delivery,
      now,
    );
    expect(r).toEqual({ ok: true, status: 200, body: "ok" });
    expect(rx.received[0]?.headers.host).toBe(`hooks.rebind.test:${rx.port}`);
  });

  it("refuses a loopback receiver without the setting, sending nothing", async () => {
    const rx = await startReceiver((_r, res) => res.writeHead(200).end());
    closers.push(rx.close);
    const strict = { ...env, allowPrivate: false };
    const r = await attemptDelivery(strict, "acme", webhook(rx.url, "s"), delivery, now);
    expect(r).toMatchObject({ ok: false, status: null });
    expect(r.ok ? "" : r.error).toMatch(/https:\/\//);
    const https = rx.url.replace("http:", "https:");
    const r2 = await attemptDelivery(strict, "acme", webhook(https, "s"), delivery, now);
    expect(r2.ok ? "" : r2.error).toMatch(/resolves to 127\.0\.0\.1.*NOTIFY_ALLOW_PRIVATE/);
    expect(rx.received).toHaveLength(0);
  });

  it("does not follow redirects, and reads at most 64 KiB of an answer", async () => {
    const rx = await startReceiver((_r, res, n) => {
      if (n === 1) res.writeHead(302, { location: "http://169.254.169.254/" }).end();
      else res.writeHead(500).end("x".repeat(4 * 1024 * 1024));
    });
    closers.push(rx.close);
    const d = webhook(rx.url, "s");
    const r1 = await attemptDelivery(env, "acme", d, delivery, now);
    expect(r1).toEqual({ ok: false, status: 302, error: "redirect (302) not followed" });
    const r2 = await attemptDelivery(env, "acme", d, delivery, now);
    expect(r2.ok).toBe(false);
    expect(r2.ok ? 0 : r2.error.length).toBeLessThan(300);
    expect(rx.received).toHaveLength(2);
  });

  it("gives up on a receiver that never answers, with the reason", async () => {
    const rx = await startReceiver(() => {});
    closers.push(rx.close);
    const r = await attemptDelivery(
      { ...env, timeoutMs: 200 },
      "acme",
      webhook(rx.url, "s"),
      delivery,
      now,
    );
    expect(r).toEqual({ ok: false, status: null, error: "no answer within 0.2 s" });
  });

  it("verifies the receiver's certificate for the URL's name, pinned or not", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tooltrail-tls-"));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
        ...["-days", "1", "-subj", "/CN=hooks.rebind.test"],
        ...["-addext", "subjectAltName=DNS:hooks.rebind.test,IP:127.0.0.1"],
        ...["-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
      ],
      { stdio: "ignore" },
    );
    let hits = 0;
    const server = createServer(
      { key: readFileSync(join(dir, "key.pem")), cert: readFileSync(join(dir, "cert.pem")) },
      (_req, res) => {
        hits++;
        res.writeHead(200).end();
      },
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    closers.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    const pinned = { ...env, resolve: async () => [{ address: "127.0.0.1", family: 4 }] };
    const url = `https://hooks.rebind.test:${port}/hook`;
    const r = await attemptDelivery(pinned, "acme", webhook(url, "s"), delivery, now);
    // A certificate nobody trusts (self-signed) is refused before anything is sent.
    expect(r).toMatchObject({ ok: false, status: null });
    expect(r.ok ? "" : r.error).toMatch(/self[- ]signed|certificate/i);
    expect(hits).toBe(0);
  });
});
