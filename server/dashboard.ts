import type { IncomingMessage, ServerResponse } from "node:http";
import next from "next";
import { CLIENT_IP_HEADER } from "../lib/auth/client-ip";
import { withResponseStatus } from "../lib/runtime/response-status";

/** Next.js as a request handler inside our server, so one process owns the embedded store. */
export async function createDashboard(dev: boolean) {
  const app = next({ dev, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  return (req: IncomingMessage, res: ServerResponse, clientAddress: string) => {
    // Sign-in rate limiting and the self-audit need the client's address; a client-sent header
    // of that name is overwritten, never trusted.
    req.headers[CLIENT_IP_HEADER] = clientAddress;
    if (!decodable(req.url ?? "/")) {
      // Next.js would answer a malformed %-escape with a 500; it is the client's error.
      res.writeHead(400, {
        "content-type": "text/plain; charset=utf-8",
        "x-content-type-options": "nosniff",
      });
      res.end("Bad request: the URL has a malformed %-escape.\n");
      return;
    }
    // A page that refuses its parameters asks for 400 (lib/runtime/response-status.ts).
    void withResponseStatus(res, () => handle(req, res));
  };
}

function decodable(url: string): boolean {
  try {
    decodeURIComponent(url.split("?")[0] ?? "");
    return true;
  } catch {
    return false;
  }
}
