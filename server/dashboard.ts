import type { IncomingMessage, ServerResponse } from "node:http";
import next from "next";

/** Next.js as a request handler inside our server, so one process owns the embedded store. */
export async function createDashboard(dev: boolean) {
  const app = next({ dev, dir: process.cwd() });
  await app.prepare();
  const handle = app.getRequestHandler();
  return (req: IncomingMessage, res: ServerResponse) => {
    void handle(req, res);
  };
}
