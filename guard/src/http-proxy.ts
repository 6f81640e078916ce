import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { Authenticator } from "./auth";
import type { Guard } from "./guard";
import type { GuardSession } from "./session";

export type HttpProxyOptions = {
  upstream: string;
  port: number;
  host: string;
  /** Path clients use (default /mcp). */
  path?: string;
  /** Credentials Guard presents upstream (env TOOLTRAIL_GUARD_UPSTREAM_TOKEN); never the caller's. */
  upstreamToken?: string;
  /** Sessions unused this long are closed (default 30 min). */
  idleSessionMs?: number;
};

type Conn = {
  lastSeen: number;
  down: StreamableHTTPServerTransport;
  up: StreamableHTTPClientTransport;
  session: GuardSession;
  subject: string;
};

/**
 * `tooltrail guard --upstream https://…`: a Streamable HTTP reverse proxy. Each client session
 * gets its own upstream session; callers authenticate to Guard (JWT or API key), and a session
 * can only be used by the subject that opened it. Caller tokens are never passed upstream
 * (token passthrough is forbidden by the MCP authorization spec).
 */
export async function startHttpProxy(
  guard: Guard,
  o: HttpProxyOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const auth = guard.policy.current.policy.auth;
  if (!auth?.jwt && !auth?.api_keys?.length)
    throw new Error(
      "the HTTP proxy needs auth.jwt or auth.api_keys in the policy: unauthenticated calls are refused",
    );
  const authenticator = new Authenticator(auth);
  const upstreamUrl = new URL(o.upstream);
  const path = o.path ?? "/mcp";
  const token = o.upstreamToken ?? process.env.TOOLTRAIL_GUARD_UPSTREAM_TOKEN;
  const conns = new Map<string, Conn>();

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      guard.log(`HTTP proxy error: ${(err as Error).message}`);
      if (!res.headersSent)
        problem(res, 500, "server_error", "Tooltrail Guard could not handle the request");
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://guard");
    const base = `http://${req.headers.host ?? "localhost"}`;
    if (url.pathname === "/.well-known/oauth-protected-resource") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          resource: `${base}${path}`,
          authorization_servers: auth?.jwt ? [auth.jwt.issuer] : [],
          bearer_methods_supported: ["header"],
        }),
      );
      return;
    }
    if (url.pathname === "/healthz") {
      // For load balancers and monitoring: no secrets, only whether events are flowing.
      const shipping = guard.shipper?.stats();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          status: "ok",
          sessions: conns.size,
          policy: guard.policy.current.policy.id,
          shipping,
          revocations: guard.sync?.status(),
        }),
      );
      return;
    }
    if (url.pathname !== path) return problem(res, 404, "not_found", `MCP is served at ${path}`);
    const a = await authenticator.authenticate(req.headers.authorization, req.socket.remoteAddress);
    if (!a.ok) {
      res.setHeader(
        "www-authenticate",
        `Bearer error="${a.error}", error_description="${a.description}", resource_metadata="${base}/.well-known/oauth-protected-resource"`,
      );
      return problem(res, a.status, a.error, a.description);
    }
    const r = req as IncomingMessage & { auth?: AuthInfo };
    r.auth = a.auth;
    const sid = req.headers["mcp-session-id"];
    if (typeof sid === "string") {
      const c = conns.get(sid);
      if (!c)
        return problem(
          res,
          404,
          "session_not_found",
          "unknown or expired session; initialize again",
        );
      if (c.subject !== a.auth.clientId)
        return problem(res, 403, "forbidden", "this session belongs to another caller");
      await c.down.handleRequest(r, res);
      return;
    }
    if (req.method !== "POST")
      return problem(res, 400, "invalid_request", "no session: send initialize first");
    await open(a.auth.clientId).handleRequest(r, res);
  }

  function open(subject: string): StreamableHTTPServerTransport {
    const up = new StreamableHTTPClientTransport(upstreamUrl, {
      requestInit: token ? { headers: { authorization: `Bearer ${token}` } } : undefined,
    });
    let conn: Conn | undefined;
    const down = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        if (conn) conns.set(id, conn);
      },
    });
    const session = guard.session({
      toClient: (m, options) => down.send(m, options),
      toServer: async (m) => {
        // The transport reports the failure through onerror too (logged there).
        await up.send(m).catch((err: Error) => session.undeliverable(m, err.message));
      },
    });
    conn = { down, up, session, subject, lastSeen: Date.now() };
    up.onmessage = (m) => {
      const res = m as { result?: { protocolVersion?: string } };
      if (res.result?.protocolVersion) up.setProtocolVersion(res.result.protocolVersion);
      session.fromServer(m);
    };
    let closed = false;
    // Closing a session aborts its upstream streams: those errors are the close, not news.
    up.onerror = (e) => {
      if (!closed) guard.log(`upstream: ${e.message}`);
    };
    down.onmessage = (m, extra) => session.fromClient(m, extra);
    const close = () => {
      if (closed) return;
      closed = true;
      session.closed();
      if (down.sessionId) conns.delete(down.sessionId);
      void up
        .terminateSession()
        .catch(() => {})
        .finally(() => up.close());
    };
    down.onclose = close;
    void up.start();
    void down.start();
    return down;
  }

  // Clients that vanish without DELETE must not pin a session (and its upstream) forever.
  const idleMs = o.idleSessionMs ?? 30 * 60_000;
  const sweeper = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const c of conns.values()) if (c.lastSeen < cutoff) void c.down.close();
    },
    Math.min(60_000, idleMs),
  );
  sweeper.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}`,
    async close() {
      clearInterval(sweeper);
      for (const c of [...conns.values()]) await c.down.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function problem(res: ServerResponse, status: number, error: string, description: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error, error_description: description }));
}
