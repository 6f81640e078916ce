import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { eventually, startTooltrail, storedEvents } from "../test/tooltrail";
import { Guard, type GuardEvent } from "./guard";
import { startHttpProxy } from "./http-proxy";
import { parsePolicy } from "./policy/load";

/** A remote MCP server (Streamable HTTP, one McpServer per session, as the SDK requires). */
async function upstreamServer(): Promise<{ url: string; server: Server }> {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const server = createServer(async (req, res) => {
    const sid = req.headers["mcp-session-id"];
    let t = typeof sid === "string" ? sessions.get(sid) : undefined;
    if (!t) {
      t = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          if (t) sessions.set(id, t);
        },
      });
      const mcp = new McpServer({ name: "ledger", version: "2.0.0" });
      mcp.registerTool(
        "balance",
        { inputSchema: { account: z.string() } },
        async ({ account }) => ({
          content: [{ type: "text", text: `${account}: 42 EUR` }],
        }),
      );
      mcp.registerTool("close_account", { inputSchema: { account: z.string() } }, async () => ({
        content: [{ type: "text", text: "closed" }],
      }));
      await mcp.connect(t);
    }
    await t.handleRequest(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}

const ISSUER = "https://idp.test";
const AUDIENCE = "mcp-ledger";
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let jwks: Server;
let upstream: Awaited<ReturnType<typeof upstreamServer>>;
let proxy: Awaited<ReturnType<typeof startHttpProxy>>;
let guard: Guard;
let tt: Awaited<ReturnType<typeof startTooltrail>>;
const events: GuardEvent[] = [];
const API_KEY = "svc-key-0123456789abcdef";

async function token(
  claims: Record<string, unknown>,
  opts: { aud?: string; exp?: string | number } = {},
) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: "k1" })
    .setIssuer(ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? "5m")
    .sign(keys.privateKey);
}

async function client(bearer: string): Promise<Client> {
  const c = new Client({ name: "remote-agent", version: "3.0" });
  await c.connect(
    new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${bearer}` } },
    }),
  );
  return c;
}

beforeAll(async () => {
  keys = await generateKeyPair("ES256");
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  jwks = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwks.listen(0, "127.0.0.1", r));
  const jwksUri = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  upstream = await upstreamServer();
  tt = await startTooltrail();
  const keyHash = (await import("node:crypto")).createHash("sha256").update(API_KEY).digest("hex");
  guard = new Guard({
    policy: parsePolicy(`
version: 1
id: ledger-policy
auth:
  jwt: { jwks_uri: "${jwksUri}", issuer: "${ISSUER}", audience: ${AUDIENCE} }
  api_keys: [{ id: reporting-bot, sha256: "${keyHash}", roles: [reader] }]
rules:
  - { id: readers, effect: allow, roles: [reader, admin], tools: [balance] }
  - { id: admins-in-finance, effect: allow, roles: [admin], attributes: { dept: [finance] }, tools: [close_account] }
`),
    onEvent: (e) => events.push(e),
    tooltrail: { url: tt.url, key: tt.key, flushMs: 20 },
  });
  proxy = await startHttpProxy(guard, { upstream: upstream.url, port: 0, host: "127.0.0.1" });
});

afterAll(async () => {
  await proxy?.close();
  await guard?.close();
  await tt?.harness.stop();
  upstream?.server.closeAllConnections();
  upstream?.server.close();
  jwks?.close();
});

describe("Streamable HTTP proxy", () => {
  it("accepts a JWT from the local JWKS and records the caller from its claims", async () => {
    const c = await client(
      await token({ sub: "u-17", email: "carol@example.com", roles: ["reader"] }),
    );
    const r = await c.callTool({ name: "balance", arguments: { account: "FR-1" } });
    expect(r.content).toEqual([{ type: "text", text: "FR-1: 42 EUR" }]);
    await expect(
      c.callTool({ name: "close_account", arguments: { account: "FR-1" } }),
    ).rejects.toThrow(/default-deny/);
    await c.close();
    const calls = events.filter((e) => e.method === "tools/call");
    expect(calls.at(-2)).toMatchObject({
      server: { name: "ledger", version: "2.0.0" },
      tool: "balance",
      outcome: "ok",
      actor: {
        id: "u-17",
        email: "carol@example.com",
        roles: ["reader"],
        auth: "oauth",
        ip: "127.0.0.1",
      },
      client: { name: "remote-agent" },
    });
    expect(calls.at(-1)).toMatchObject({ tool: "close_account", outcome: "denied" });
    const stored = await eventually(async () =>
      (await storedEvents(tt.harness, tt.tenant)).find((e) => e.tool === "balance"),
    );
    expect(stored).toMatchObject({
      actor: { id: "u-17", roles: ["reader"], auth: "oauth", ip: "127.0.0.1" },
      server: { name: "ledger" },
    });
  });

  it("authorizes on token attributes", async () => {
    const finance = await client(await token({ sub: "a-1", roles: ["admin"], dept: "finance" }));
    expect(
      (await finance.callTool({ name: "close_account", arguments: { account: "X" } })).content,
    ).toEqual([{ type: "text", text: "closed" }]);
    const sales = await client(await token({ sub: "a-2", roles: ["admin"], dept: "sales" }));
    await expect(
      sales.callTool({ name: "close_account", arguments: { account: "X" } }),
    ).rejects.toThrow(/denied/);
    await finance.close();
    await sales.close();
  });

  it("accepts a static API key", async () => {
    const c = await client(API_KEY);
    await c.callTool({ name: "balance", arguments: { account: "B" } });
    await c.close();
    expect(events.filter((e) => e.method === "tools/call").at(-1)).toMatchObject({
      actor: { id: "reporting-bot", type: "service", auth: "api_key" },
      outcome: "ok",
    });
  });

  it("refuses missing, expired, foreign and wrongly signed tokens with 401", async () => {
    const init = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: {
        protocolVersion: "2025-06-18",
        capabilities: {},
        clientInfo: { name: "x", version: "1" },
      },
    });
    const post = (auth?: string) =>
      fetch(`${proxy.url}/mcp`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...(auth ? { authorization: auth } : {}),
        },
        body: init,
      });
    const none = await post();
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toMatch(
      /resource_metadata=".*\/\.well-known\/oauth-protected-resource"/,
    );
    const expired = await post(
      `Bearer ${await token({ sub: "u" }, { exp: Math.floor(Date.now() / 1000) - 3600 })}`,
    );
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({
      error: "invalid_token",
      error_description: "the token has expired",
    });
    const foreign = await post(`Bearer ${await token({ sub: "u" }, { aud: "other-api" })}`);
    expect((await foreign.json()).error_description).toBe("the token's aud claim is not accepted");
    const other = await generateKeyPair("ES256");
    const forged = await new SignJWT({ sub: "u" })
      .setProtectedHeader({ alg: "ES256", kid: "k1" })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime("5m")
      .sign(other.privateKey);
    expect((await post(`Bearer ${forged}`)).status).toBe(401);
    expect((await post("Bearer not-a-key")).status).toBe(401);
  });

  it("answers with an MCP error when the upstream server is down", async () => {
    const { freePort } = await import("../../test/fixtures/ports");
    const down = await startHttpProxy(guard, {
      upstream: `http://127.0.0.1:${await freePort()}/mcp`,
      port: 0,
      host: "127.0.0.1",
    });
    const c = new Client({ name: "x", version: "1" });
    await expect(
      c.connect(
        new StreamableHTTPClientTransport(new URL(`${down.url}/mcp`), {
          requestInit: { headers: { authorization: `Bearer ${API_KEY}` } },
        }),
      ),
    ).rejects.toThrow(/the MCP server is unreachable/);
    await down.close();
  });

  it("answers health checks without authentication", async () => {
    const r = await fetch(`${proxy.url}/healthz`);
    expect(await r.json()).toMatchObject({ status: "ok", policy: "ledger-policy" });
  });

  it("does not let one caller use another caller's session", async () => {
    const transport = new StreamableHTTPClientTransport(new URL(`${proxy.url}/mcp`), {
      requestInit: {
        headers: { authorization: `Bearer ${await token({ sub: "owner", roles: ["reader"] })}` },
      },
    });
    const c = new Client({ name: "a", version: "1" });
    await c.connect(transport);
    const res = await fetch(`${proxy.url}/mcp`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        authorization: `Bearer ${await token({ sub: "intruder", roles: ["reader"] })}`,
        "mcp-session-id": transport.sessionId as string,
        "mcp-protocol-version": "2025-06-18",
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 9,
        method: "tools/call",
        params: { name: "balance", arguments: { account: "A" } },
      }),
    });
    expect(res.status).toBe(403);
    await c.close();
  });
});
