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

export function sendResponse(res: ServerResponse, r: HttpResponse): void {
  res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
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
