import type { IncomingMessage, ServerResponse } from "node:http";
import next from "next";
import { CLIENT_IP_HEADER } from "../lib/auth/client-ip";

/** Next.js as a request handler inside our server, so one process owns the embedded store. */
export async function createDashboard(dev: boolean) {
  const app = next({ dev, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  return (req: IncomingMessage, res: ServerResponse, clientAddress: string) => {
    // Sign-in rate limiting and the self-audit need the client's address; a client-sent header
    // of that name is overwritten, never trusted.
    req.headers[CLIENT_IP_HEADER] = clientAddress;
    void handle(req, res);
  };
}
