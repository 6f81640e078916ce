import { readFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { openStore } from "../db/store/open-store";
import type { Store } from "../db/store/types";
import { createIngestPipeline } from "../ingest/pipeline";
import type { Config } from "../lib/core/config";
import { ERROR_CODES, type ErrorCode, TooltrailError } from "../lib/core/errors";
import { acquireLock, DataDirBusyError, readLock } from "../lib/runtime/data-dir-lock";
import { writerId } from "../lib/runtime/secrets";
import { operatorName } from "../lib/services/actor";
import { pipelineAuditSink } from "../lib/services/audit-event";
import type { AuditSink, ServiceCtx } from "../lib/services/context";
import { isAudited, type OperationName, runOperation } from "../lib/services/registry";

/** The CLI's version in audit events it writes. */
const VERSION = process.env.npm_package_version ?? "0.1.0";

/** Who runs this command, as the machine knows them: the actor of its audit events. */
export function operator(): string {
  return operatorName(userInfo().username, hostname());
}

/**
 * Runs an administrative operation where the data is: directly on PostgreSQL, directly on PGlite
 * when no server holds it, or through the running embedded server, which owns PGlite then.
 */
export async function runAdmin(
  config: Config,
  op: OperationName,
  input: unknown,
): Promise<unknown> {
  if (config.store === "pglite") {
    const holder = readLock(config.dataDir);
    if (holder) return viaServer(config, holder.adminUrl, op, input);
  }
  return withStore(config, async (store) => {
    // An operation that writes an audit event seals it into the tenant's stream like the server
    // would: through an ingest pipeline opened for this command and closed (flushed) after it.
    const pipeline = isAudited(op)
      ? await createIngestPipeline(cliWriter(config), store, quiet)
      : null;
    try {
      return await runOperation(operatorCtx(config, store, pipeline), op, input);
    } finally {
      await pipeline?.close();
    }
  });
}

/**
 * The integrity chain the CLI seals its audit events into. With PGlite the data directory's lock
 * means no server writes meanwhile, so it continues the server's chain; with PostgreSQL or
 * ClickHouse a server may be running on the same writer id, and two processes must never seal
 * into one chain, so the CLI has its own (`<writer id>-cli`).
 */
function cliWriter(config: Config): Config {
  if (config.store === "pglite") return config;
  return { ...config, WRITER_ID: `${writerId(config.dataDir, config.WRITER_ID)}-cli` };
}

function operatorCtx(
  config: Config,
  store: Store,
  pipeline: { recordInternal(tenantId: string, events: unknown[]): Promise<void> } | null,
): ServiceCtx {
  const unaudited: AuditSink = async () => {
    throw new Error("an operation not marked audited in lib/services/registry.ts wrote an event");
  };
  return {
    store,
    keysDir: join(config.dataDir, "keys"),
    actor: { kind: "operator", name: operator() },
    audit: pipeline ? pipelineAuditSink(pipeline.recordInternal, VERSION) : unaudited,
    now: () => new Date(),
  };
}

/** The pipeline's log: a one-shot command prints only its own output. */
const quiet = {
  info() {},
  error(msg: string, err?: unknown) {
    process.stderr.write(`tooltrail: ${msg}${err instanceof Error ? `: ${err.message}` : ""}\n`);
  },
};

export async function withStore<T>(
  config: Config,
  fn: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>,
): Promise<T> {
  let lock: ReturnType<typeof acquireLock> | null = null;
  if (config.store === "pglite") {
    await sayWhichStore(config);
    try {
      lock = acquireLock(config.dataDir, {});
    } catch (err) {
      if (err instanceof DataDirBusyError) {
        throw new TooltrailError(
          "unavailable",
          `the data directory ${config.dataDir} is in use by process ${err.holder.pid}; stop it or wait until it is serving, then retry`,
        );
      }
      throw err;
    }
  }
  const store = await openStore(config);
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
    lock?.release();
  }
}

let toldWhichStore = false;

/**
 * Without DATA_DIR the CLI opens `./data` of the directory it runs in, which need not be the one
 * a running server holds (started elsewhere, or with DATA_DIR): the command then works on another
 * store than the dashboard shows, silently. So it says which store it opened, on stderr (stdout
 * stays the command's output), once per command.
 */
async function sayWhichStore(config: Config): Promise<void> {
  if (toldWhichStore || process.env.DATA_DIR) return;
  toldWhichStore = true;
  const host = ["0.0.0.0", "::", "localhost"].includes(config.HOST) ? "127.0.0.1" : config.HOST;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${config.PORT}`;
  const answered = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1_000) }).then(
    (r) => r.ok,
    () => false,
  );
  process.stderr.write(
    answered
      ? `tooltrail: using the embedded store in ${config.dataDir}; the server at ${url} holds another data directory: set DATA_DIR to that directory to work on its data\n`
      : `tooltrail: using the embedded store in ${config.dataDir} (no server answered at ${url})\n`,
  );
}

async function viaServer(
  config: Config,
  adminUrl: string | undefined,
  op: OperationName,
  input: unknown,
) {
  if (!adminUrl) {
    throw new TooltrailError(
      "unavailable",
      "the Tooltrail server holding the data directory is still starting; retry in a few seconds",
    );
  }
  const token = readFileSync(join(config.dataDir, "admin.token"), "utf8").trim();
  let res: Response;
  try {
    res = await fetch(adminUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ op, input, operator: operator() }),
    });
  } catch (err) {
    throw new TooltrailError(
      "unavailable",
      `the Tooltrail server at ${adminUrl} holds the data directory but did not answer (${(err as Error).message})`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as {
    result?: unknown;
    error?: string;
    code?: string;
  };
  if (res.ok) return body.result;
  // The server's error, rebuilt with its code: the CLI's exit code follows from it (cli/errors.ts).
  if (body.code && Object.hasOwn(ERROR_CODES, body.code))
    throw new TooltrailError(body.code as ErrorCode, body.error ?? `status ${res.status}`);
  throw new TooltrailError(
    "invalid-input",
    `the server refused the operation: ${body.error ?? res.status}`,
  );
}
