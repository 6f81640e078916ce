import type { Logger } from "../../ingest/pipeline";
import type { Config } from "../../lib/core/config";
import { DataDirBusyError } from "../../lib/runtime/data-dir-lock";
import { endOnClosedOutput } from "../../server/closed-output";
import { assertPortFree } from "../../server/preflight";
import { flags } from "../args";
import { CliError } from "../errors";

const SERVE_HELP = `usage: tooltrail serve [--no-dashboard] [--dev]
  Runs dashboard and ingestion in one process on PORT (default 3000). --no-dashboard serves only
  the ingest API, health and readiness (used by the durability tests).`;

const INGEST_HELP = `usage: tooltrail ingest-server
  Runs the ingestion pipeline alone on INGEST_PORT (default 3001), for PostgreSQL deployments.`;

export const log: Logger = {
  info: (msg) => process.stdout.write(`${new Date().toISOString()} ${msg}\n`),
  error: (msg, err) =>
    process.stderr.write(
      `${new Date().toISOString()} ERROR ${msg}${err ? `: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}` : ""}\n`,
    ),
};

export async function serveCommand(config: Config, argv: string[]): Promise<void> {
  const { values } = flags(
    argv,
    { "no-dashboard": { type: "boolean" }, dev: { type: "boolean" } },
    SERVE_HELP,
  );
  const { startAppServer, dashboardBuilt } = await import("../../server/app-server");
  const dashboard = !values["no-dashboard"];
  if (dashboard && !values.dev && !dashboardBuilt()) {
    throw new CliError(
      "the dashboard is not built: run `npm run build` (or `npm start`, which builds when needed)",
      1,
    );
  }
  try {
    const app = await startAppServer(config, log, { dashboard, dev: Boolean(values.dev) });
    stopOnSignals(app.stop);
  } catch (err) {
    if (err instanceof DataDirBusyError) {
      throw new CliError(
        `another Tooltrail process (pid ${err.holder.pid}) is using ${config.dataDir}; stop it, or set DATA_DIR to another directory`,
        4,
      );
    }
    throw err;
  }
}

export async function ingestServerCommand(config: Config, argv: string[]): Promise<void> {
  flags(argv, {}, INGEST_HELP);
  if (config.store === "pglite") {
    throw new CliError(
      "the standalone ingest server needs PostgreSQL: set DATABASE_URL=postgres://…\n" +
        "The embedded PGlite store is single-process, so with it ingestion runs inside `npm start`.",
      2,
    );
  }
  // A taken port is named before the store is opened and the worker threads started.
  await assertPortFree(config.INGEST_PORT, config.INGEST_HOST, "INGEST_PORT");
  const { startIngestServer } = await import("../../ingest/server");
  const s = await startIngestServer(config, log);
  log.info(
    `Tooltrail ingest server listening at ${s.url} (POST /api/v1/events, POST /v1/traces, GET /api/health, GET /api/ready)`,
  );
  if (s.otlp) log.info(`OTLP/HTTP traces at ${s.otlp.url}/v1/traces`);
  stopOnSignals(s.stop);
}

/** SIGTERM/SIGINT commit what is pending, then exit; a second signal exits at once. */
function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info(`${signal}: committing pending events and stopping`);
    stop().then(
      () => process.exit(0),
      (err) => {
        log.error("shutdown failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  // Output nobody reads any more stops the server like a signal would; during a stop already
  // under way (Ctrl-C ended the reader too) it must not cut that stop short.
  endOnClosedOutput(() => {
    if (!stopping) onSignal("SIGPIPE");
  });
}
