import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import type { CheckedTarget } from "./ssrf";

export const POST_TIMEOUT_MS = 5_000;
export const MAX_RESPONSE_BYTES = 64 * 1024;

export type PostResult =
  | { ok: true; status: number; body: string }
  | { ok: false; status: number | null; error: string };

/**
 * One POST to an address ssrf.ts checked. The socket connects to that address whatever DNS says
 * now (the `lookup` below answers with it), while TLS still verifies the certificate against the
 * URL's host name. Redirects are answered as failures, not followed (a 3xx could point anywhere);
 * the whole exchange is bounded in time, and at most `maxBytes` of the answer are read.
 */
export function pinnedPost(
  target: CheckedTarget,
  args: { headers: Record<string, string>; body: string; timeoutMs?: number; maxBytes?: number },
): Promise<PostResult> {
  const timeoutMs = args.timeoutMs ?? POST_TIMEOUT_MS;
  const maxBytes = args.maxBytes ?? MAX_RESPONSE_BYTES;
  const pinned: LookupFunction = (_host, options, cb) => {
    if ((options as { all?: boolean }).all)
      (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    else cb(null, target.address, target.family);
  };
  const send = target.url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = send(target.url, {
      method: "POST",
      lookup: pinned,
      agent: false,
      headers: { ...args.headers, "content-length": String(Buffer.byteLength(args.body)) },
    });
    const timer = setTimeout(
      () => finish({ ok: false, status: null, error: `no answer within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    req.on("error", (err) => finish({ ok: false, status: null, error: describe(err) }));
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => {
        const body = Buffer.concat(chunks).subarray(0, maxBytes).toString("utf8");
        if (status >= 200 && status < 300) finish({ ok: true, status, body });
        else if (status >= 300 && status < 400)
          finish({ ok: false, status, error: `redirect (${status}) not followed` });
        else finish({ ok: false, status, error: `HTTP ${status}${snippet(body)}` });
      };
      res.on("data", (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= maxBytes) done();
      });
      res.on("end", done);
      res.on("error", (err) => finish({ ok: false, status, error: describe(err) }));
    });
    req.end(args.body);
  });
}

function describe(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${code}: ${err.message}` : err.message;
}

/** The start of an error answer, for the delivery log (one line, bounded). */
function snippet(body: string): string {
  const line = body.replace(/\s+/g, " ").trim().slice(0, 200);
  return line ? `: ${line}` : "";
}
