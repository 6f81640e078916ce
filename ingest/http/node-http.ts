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
    query: q === -1 ? "" : url.slice(q + 1),
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
 * How long the rest of a body answered before it ended is read and discarded: long enough for a
 * client still sending to finish and read its answer (closing on unread data would reset the
 * connection under it), short enough that one holding a body open cannot keep its connection.
 */
export const LINGER_MS = 2_000;

export function sendResponse(res: ServerResponse, r: HttpResponse): void {
  res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body) });
  res.end(r.body);
  const req = res.req;
  if (req && !req.complete) discardRest(req, res);
}

/**
 * A body refused midway (413, 503) or answered before it arrived: it is read and thrown away
 * rather than left paused until the request timeout, and the connection is closed if the body
 * has not ended LINGER_MS after the answer went out.
 */
function discardRest(req: IncomingMessage, res: ServerResponse): void {
  // The abandoned body iterator's listener would keep the stream paused.
  req.removeAllListeners("readable");
  req.on("data", () => {});
  req.resume();
  res.once("finish", () => {
    if (req.complete) return;
    const timer = setTimeout(() => req.socket.destroy(), LINGER_MS);
    timer.unref();
    req.once("end", () => clearTimeout(timer));
    req.socket.once("close", () => clearTimeout(timer));
  });
}

export function parseProxyList(list: string): Set<string> {
  return new Set(
    list
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );
}
