import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, makeEvent, startHarness } from "../../test/fixtures/ingest-harness";
import { parseProxyList, toHttpRequest } from "./node-http";

function httpsPost(
  url: string,
  ca: string,
  token: string,
  body: string,
  tls: { maxVersion?: "TLSv1.1" | "TLSv1.3" } = {},
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        ca,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        ...tls,
      },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("HTTPS on the standalone ingest server", () => {
  const dir = mkdtempSync(join(tmpdir(), "tooltrail-tls-"));
  let h: Harness;
  let token: string;
  let ca: string;

  beforeAll(async () => {
    const cert = join(dir, "cert.pem");
    const key = join(dir, "key.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        key,
        "-out",
        cert,
      ],
      { stdio: "pipe" },
    );
    ca = execFileSync("cat", [cert]).toString();
    h = await startHarness({ env: { TLS_CERT_FILE: cert, TLS_KEY_FILE: key } });
    token = await h.tenantWithKey("acme");
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("serves the API over TLS", async () => {
    expect(h.url).toMatch(/^https:/);
    const res = await httpsPost(`${h.url}/api/v1/events`, ca, token, JSON.stringify(makeEvent()));
    expect(res.status).toBe(202);
  });

  it("refuses clients that offer only TLS 1.1", async () => {
    await expect(
      httpsPost(`${h.url}/api/v1/events`, ca, token, "{}", { maxVersion: "TLSv1.1" }),
    ).rejects.toThrow();
  });
});

/**
 * Keys over plain HTTP are accepted from loopback only. Requests are handed to the router as they
 * would arrive from another host (no traffic leaves loopback in tests).
 */
describe("plain HTTP from another host", () => {
  let h: Harness;
  let token: string;
  beforeAll(async () => {
    h = await startHarness();
    token = await h.tenantWithKey("acme");
  });
  afterAll(async () => h?.stop());

  function fromHost(remoteAddress: string, headers: Record<string, string>, trusted = "127.0.0.1") {
    const body = Buffer.from(JSON.stringify(makeEvent()));
    const all: Record<string, string> = {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      ...headers,
    };
    const incoming = Object.assign(Readable.from([body]), {
      headers: all,
      method: "POST",
      url: "/api/v1/events",
      socket: { remoteAddress },
    });
    return h.server.pipeline.route(
      toHttpRequest(incoming as unknown as IncomingMessage, parseProxyList(trusted)),
    );
  }

  it("refuses an ingest key sent in the clear, even with a forged X-Forwarded-Proto", async () => {
    const res = await fromHost("192.0.2.10", { "x-forwarded-proto": "https" });
    expect(res?.status).toBe(403);
    expect(JSON.parse(String(res?.body ?? "{}")).type).toBe("urn:tooltrail:problem:tls-required");
  });

  it("accepts it through a trusted TLS-terminating proxy", async () => {
    const res = await fromHost("192.0.2.1", { "x-forwarded-proto": "https" }, "192.0.2.1");
    expect(res?.status).toBe(202);
  });
});
