import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { HttpRequest, HttpResponse } from "./http-types";

/** Adapts Node's request; `secure` trusts X-Forwarded-Proto only from the configured proxies. */
export function toHttpRequest(
  req: IncomingMessage,
  trustedProxies: ReadonlySet<string>,
): HttpRequest {
  const remote = req.socket.remoteAddress ?? "";
  const viaTrustedProxy =
    trustedProxies.has(remote) || trustedProxies.has(remote.replace(/^::ffff:/, ""));
  const forwardedHttps =
    String(req.headers["x-forwarded-proto"] ?? "")
      .split(",")[0]
      ?.trim() === "https";
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  return {
    method: req.method ?? "GET",
    path: q === -1 ? url : url.slice(0, q),
    header: (name) => {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? v.join(", ") : v;
    },
    body: req,
    remoteAddress: remote,
    secure: Boolean((req.socket as TLSSocket).encrypted) || (viaTrustedProxy && forwardedHttps),
  };
}

/**
 * Answers; when the request's body has not arrived in full (refused midway with 413 or 503, or
 * answered before it ended), the connection closes after the answer instead of reading the rest:
 * a client holding a body open cannot keep the server reading it until the request timeout.
 */
export function sendResponse(res: ServerResponse, r: HttpResponse): void {
  const close = res.req && !res.req.complete ? { connection: "close" } : {};
  res.writeHead(r.status, { ...r.headers, ...close, "content-length": Buffer.byteLength(r.body) });
  res.end(r.body);
}

export function parseProxyList(list: string): Set<string> {
  return new Set(
    list
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}
