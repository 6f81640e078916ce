import { hkdfSync } from "node:crypto";
import { existsSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { openStore } from "../db/store/open-store";
import type { Store } from "../db/store/types";
import { parseProxyList, sendResponse, toHttpRequest } from "../ingest/http/node-http";
import { createIngestPipeline, type IngestPipeline, type Logger } from "../ingest/pipeline";
import { listen, stopServer } from "../ingest/server";
import { readAuthConfig } from "../lib/auth/auth-config";
import { SetupTokens } from "../lib/auth/setup-token";
import type { Config } from "../lib/core/config";
import { startDetectionScheduler } from "../lib/detect/scheduler";
import { notifyRootKey } from "../lib/notify/secret-box";
import { DeliveryWorker } from "../lib/notify/worker";
import { clearDashboardRuntime, registerDashboardRuntime } from "../lib/runtime/dashboard-runtime";
import { acquireLock } from "../lib/runtime/data-dir-lock";
import { loadOrCreateSecretFile, masterSecret } from "../lib/runtime/secrets";
import { operatorName } from "../lib/services/actor";
import { pipelineAuditSink } from "../lib/services/audit-event";
import type { ServiceCtx } from "../lib/services/context";
import { ADMIN_RPC_PATH } from "./admin-rpc-handler";
import { createAdminRpcRoute } from "./admin-rpc-route";
import { printBanner } from "./banner";
import { createDashboard } from "./dashboard";
import { assertPortFree, listenFailure } from "./preflight";
import { startReviewScheduler } from "./review-scheduler";

export type AppServerOptions = { dashboard: boolean; dev: boolean };

/**
 * The one-process default: dashboard (Next.js) and ingestion share the process, because PGlite
 * allows one process per data directory. Ingest paths are served before Next.js sees them.
 */
export async function startAppServer(config: Config, log: Logger, opts: AppServerOptions) {
  // A busy port is refused before the store is opened or migrated (and before the worker
  // threads start, which would keep a failed start from exiting).
  await assertPortFree(config.PORT, config.HOST);
  const lock = config.store === "pglite" ? acquireLock(config.dataDir, {}) : null;
  let store: Store | null = null;
  let opened: IngestPipeline | null = null;
  try {
    store = await openStore(config);
    await store.migrate();
    const pipeline = await createIngestPipeline(config, store, log);
    opened = pipeline;
    const adminToken = loadOrCreateSecretFile(config.dataDir, "admin.token");
    const authConfig = opts.dashboard ? readAuthConfig() : null;
    const setup = new SetupTokens();
    const dashboard = opts.dashboard ? await createDashboard(opts.dev) : null;
    const proxies = parseProxyList(config.TRUSTED_PROXIES);
    const serverVersion = process.env.npm_package_version ?? "0.1.0";
    // The admin endpoint's operations run as the operator whose CLI called (it sends its name);
    // their audit events enter the tenant's stream through this process's pipeline.
    const ctx: ServiceCtx = {
      store,
      keysDir: join(config.dataDir, "keys"),
      actor: { kind: "operator", name: operatorName(userInfo().username, hostname()) },
      audit: pipelineAuditSink(pipeline.recordInternal, serverVersion),
      now: () => new Date(),
    };
    const adminRpc = createAdminRpcRoute(ctx, adminToken, log);

    const handler = (req: IncomingMessage, res: ServerResponse) => {
      const r = toHttpRequest(req, proxies);
      if (r.path === ADMIN_RPC_PATH && r.method === "POST") {
        adminRpc(r, res).catch((err) => {
          log.error("admin request failed", err);
          res.destroy();
        });
        return;
      }
      pipeline
        .route(r)
        .then((out) => {
          if (out) return sendResponse(res, out);
          if (dashboard) return dashboard(req, res, clientAddress(r, req, proxies));
          sendResponse(res, {
            status: 404,
            headers: { "content-type": "text/plain" },
            body: "Tooltrail is running without the dashboard (--no-dashboard).\n",
          });
        })
        .catch((err) => {
          log.error("request failed", err);
          if (!res.headersSent)
            sendResponse(res, {
              status: 500,
              headers: { "content-type": "text/plain" },
              body: "internal error\n",
            });
        });
    };
    // The port may have been taken since the check above.
    const { server, url } = await listen(config, handler, config.PORT, config.HOST).catch((err) => {
      throw listenFailure(err, config.PORT);
    });
    const publicUrl = (authConfig?.DASHBOARD_URL ?? url).replace(/\/$/, "");
    // Notifications of anomaly flags: sent by their own worker, off the ingest and evaluation paths.
    const notify = {
      rootKey: notifyRootKey(masterSecret(config.dataDir, config.TOOLTRAIL_SECRET)),
      allowPrivate: config.NOTIFY_ALLOW_PRIVATE_DESTINATIONS,
      publicUrl,
    };
    ctx.notify = notify;
    if (dashboard) {
      // next-auth builds its callback URLs from NEXTAUTH_URL.
      process.env.NEXTAUTH_URL ??= publicUrl;
      registerDashboardRuntime({
        store,
        recordInternal: pipeline.recordInternal,
        publicUrl,
        authSecret: dashboardSecret(masterSecret(config.dataDir, config.TOOLTRAIL_SECRET)),
        serverVersion,
        setup,
        notify,
      });
    }
    const firstRun = (await store.admin.countUsers()) === 0;
    const setupLink =
      dashboard && firstRun ? `${publicUrl}/setup?token=${setup.issue().token}` : null;
    lock?.update({
      adminUrl: `${url.replace(/\/\/(0\.0\.0\.0|\[::\])/, "//127.0.0.1")}${ADMIN_RPC_PATH}`,
    });
    printBanner({ config, url, store, dashboard: dashboard !== null, firstRun, setupLink });
    const notifier = new DeliveryWorker({ store, env: notify, log }).start();
    // Anomaly detection in-process (docs/detection.md); 0 leaves it to `tooltrail detect run`.
    const detection = startDetectionScheduler({
      store,
      intervalMs: config.DETECTION_INTERVAL_SECONDS * 1000,
      log,
    });
    // Access reviews' reminders and due-date outcomes (docs/access-reviews.md); 0 leaves it to
    // `tooltrail reviews due`.
    const reviews = startReviewScheduler({
      ctx,
      intervalMs: config.REVIEW_DUE_INTERVAL_SECONDS * 1000,
      log,
    });

    return {
      url,
      async stop() {
        await stopServer(server);
        await detection.stop();
        await reviews.stop();
        await notifier.stop();
        if (dashboard) clearDashboardRuntime();
        await pipeline.close();
        await store?.close();
        lock?.release();
      },
    };
  } catch (err) {
    await opened?.close().catch(() => {});
    await store?.close().catch(() => {});
    lock?.release();
    throw err;
  }
}

/** The client's address: the socket's, or the nearest X-Forwarded-For hop of a trusted proxy. */
function clientAddress(
  r: { remoteAddress: string },
  req: IncomingMessage,
  proxies: Set<string>,
): string {
  const forwarded = req.headers["x-forwarded-for"];
  if (typeof forwarded === "string" && proxies.has(r.remoteAddress)) {
    const hop = forwarded.split(",").at(-1)?.trim();
    if (hop) return hop;
  }
  return r.remoteAddress;
}

function dashboardSecret(master: Buffer): string {
  return Buffer.from(hkdfSync("sha256", master, "tooltrail.dashboard-session.v1", "", 32)).toString(
    "base64url",
  );
}

export function dashboardBuilt(dir = process.cwd()): boolean {
  return existsSync(join(dir, ".next", "BUILD_ID"));
}
