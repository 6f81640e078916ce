import { readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { openStore } from "../db/store/open-store";
import type { Store } from "../db/store/types";
import type { Config } from "../lib/core/config";
import { parseProxyList, sendResponse, toHttpRequest } from "./http/node-http";
import { createRouter, notFound } from "./http/router";
import { createIngestPipeline, type IngestPipeline, type Logger } from "./pipeline";

export type RunningServer = {
  url: string;
  server: Server;
  /** The OTLP/HTTP listener (OTLP_PORT), when it is separate from INGEST_PORT. */
  otlp: { url: string; server: Server } | null;
  pipeline: IngestPipeline;
  store: Store;
  stop(): Promise<void>;
};

/** HTTPS with TLS 1.2+ when a certificate is configured, else HTTP (keys then loopback-only). */
export function listen(
  config: Config,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  const tls = config.TLS_CERT_FILE && config.TLS_KEY_FILE;
  const server = tls
    ? createHttpsServer(
        {
          cert: readFileSync(config.TLS_CERT_FILE as string),
          key: readFileSync(config.TLS_KEY_FILE as string),
          minVersion: "TLSv1.2",
        },
        handler,
      )
    : createHttpServer(handler);
  server.keepAliveTimeout = 65_000;
  server.requestTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const addr = server.address();
      const actual = typeof addr === "object" && addr ? addr.port : port;
      const shownHost = host.includes(":") ? `[${host}]` : host;
      resolve({ server, url: `${tls ? "https" : "http"}://${shownHost}:${actual}` });
    });
  });
}

/** The standalone ingest server (`npm run start:ingest`): the pipeline without Next.js. */
export async function startIngestServer(
  config: Config,
  log: Logger,
  opts: { store?: Store } = {},
): Promise<RunningServer> {
  const store = opts.store ?? (await openStore(config));
  await store.migrate();
  const pipeline = await createIngestPipeline(config, store, log);
  const proxies = parseProxyList(config.TRUSTED_PROXIES);
  // OTLP/HTTP's standard path, next to the routes both servers share.
  const otlpRoute = createRouter({ "/v1/traces": pipeline.otlp }, log.error);
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const r = toHttpRequest(req, proxies);
    pipeline
      .route(r)
      .then(async (out) => out ?? (await otlpRoute(r)))
      .then((out) => sendResponse(res, out ?? notFound(r.path)))
      .catch((err) => {
        log.error("response failed", err);
        res.destroy();
      });
  };
  const { server, url } = await listen(config, handler, config.INGEST_PORT, config.INGEST_HOST);
  let otlp: RunningServer["otlp"] = null;
  if (
    config.OTLP_PORT === 0 ||
    (config.OTLP_PORT !== "off" && config.OTLP_PORT !== config.INGEST_PORT)
  ) {
    try {
      otlp = await listen(config, handler, config.OTLP_PORT, config.INGEST_HOST);
    } catch (err) {
      await stopServer(server);
      await pipeline.close();
      throw new Error(
        `cannot listen for OTLP on port ${config.OTLP_PORT} (${(err as Error).message}); set OTLP_PORT to a free port, or to off to serve /v1/traces on INGEST_PORT only`,
      );
    }
  }
  return {
    url,
    server,
    otlp,
    pipeline,
    store,
    async stop() {
      if (otlp) await stopServer(otlp.server);
      await stopServer(server);
      await pipeline.close();
      await store.close();
    },
  };
}

/** Stops accepting, lets requests in flight finish (their events are committed), then closes. */
export async function stopServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  await closed;
  clearTimeout(force);
}
