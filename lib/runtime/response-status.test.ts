import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setResponseStatus, withResponseStatus } from "./response-status";

/** A real HTTP server whose handler, like a rendered page, decides late and asynchronously. */
describe("a page's wish for its response status", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      void withResponseStatus(res, async () => {
        await new Promise((r) => setImmediate(r));
        const path = req.url ?? "/";
        if (path.startsWith("/refuse")) setResponseStatus(400);
        if (path.endsWith("/redirect")) {
          res.writeHead(307, { location: "/sign-in" }).end();
          return;
        }
        res.statusCode = 200;
        res.setHeader("content-type", "text/plain");
        // Implicit headers, as a streamed render sends them.
        res.write("rendered");
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it("turns the rendered 200 into 400", async () => {
    const res = await fetch(`${url}/refuse`);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("rendered");
  });

  it("leaves other requests, and a redirect or error, as they are", async () => {
    expect((await fetch(`${url}/page`)).status).toBe(200);
    expect((await fetch(`${url}/refuse/redirect`, { redirect: "manual" })).status).toBe(307);
  });

  it("is ignored outside a request", () => {
    expect(setResponseStatus(400)).toBe(false);
  });
});
