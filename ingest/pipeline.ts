import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Store } from "../db/store/types";
import type { Config } from "../lib/core/config";
import { validateEvent } from "../lib/core/contract";
import { loadOrCreateWriterKey } from "../lib/core/integrity";
import { masterSecret, writerId } from "../lib/runtime/secrets";
import { Committer, type EventCommitter } from "./commit/committer";
import { BatchSealer } from "./commit/seal";
import { Spool } from "./commit/spool";
import { WalCommitter } from "./commit/wal-committer";
import { type WalRecord, walCodec } from "./commit/wal-record";
import { BodyBudget } from "./http/body-budget";
import { createEventsHandler, type EventsHandlerDeps } from "./http/events-handler";
import { createGuardRoutes } from "./http/guard-routes";
import { health, readiness } from "./http/health";
import { KeyAuthenticator } from "./http/key-auth";
import { RateLimiter } from "./http/rate-limit";
import { createRouter } from "./http/router";
import { createOtlpHandler } from "./otlp/otlp-handler";
import { SpanTallies } from "./otlp/span-tallies";
import { prepareEvent } from "./prepare/prepare";
import { PreparePool } from "./prepare/prepare-pool";
import { TenantContexts } from "./prepare/tenant-contexts";

export type Logger = { info(msg: string): void; error(msg: string, err?: unknown): void };

/** `ingest_key_id` of events the server writes about itself (no ingest key exists for them). */
export const INTERNAL_KEY_ID = "internal";

export type IngestPipeline = Awaited<ReturnType<typeof createIngestPipeline>>;

/**
 * Assembles the hot path over a store: the same pipeline serves the embedded one-process app and
 * the standalone ingest server. `close()` commits what is pending before the store goes away.
 */
export async function createIngestPipeline(config: Config, store: Store, log: Logger) {
  const wid = writerId(config.dataDir, config.WRITER_ID);
  const key = loadOrCreateWriterKey(join(config.dataDir, "keys"), wid);
  await store.admin.registerWriterKey({
    keyId: key.keyId,
    writerId: wid,
    publicKey: key.publicKeyPem,
  });
  const sealer = new BatchSealer(wid, key.keyId, key.privateKey);
  const committer = createCommitter(config, store, sealer, log);

  // Key usage and quarantine bounds are bookkeeping: batched off the request path.
  const usedKeys = new Set<string>();
  const quarantined = new Set<string>();
  const tallies = new SpanTallies();
  const housekeeping = setInterval(() => void housekeep(), 10_000);
  housekeeping.unref();
  async function housekeep() {
    const keys = [...usedKeys];
    const tenants = [...quarantined];
    usedKeys.clear();
    quarantined.clear();
    try {
      await store.admin.touchIngestKeys(keys, new Date());
      await tallies.flush(store);
      for (const t of tenants)
        await store.forTenant(t).trimQuarantine(config.QUARANTINE_MAX_PER_TENANT);
    } catch (err) {
      log.error("housekeeping failed", err);
    }
  }

  const pool = new PreparePool(config.INGEST_WORKERS ?? Math.max(1, availableParallelism() - 1));
  const deps: EventsHandlerDeps = {
    pool,
    keys: new KeyAuthenticator(store),
    tenants: new TenantContexts(store, masterSecret(config.dataDir, config.TOOLTRAIL_SECRET)),
    limiter: new RateLimiter(),
    committer,
    bodyBudget: new BodyBudget(config.MAX_INFLIGHT_BODY_BYTES),
    limits: {
      maxEventBytes: config.MAX_EVENT_BYTES,
      maxBatchEvents: config.MAX_BATCH_EVENTS,
      maxBodyBytes: config.MAX_BODY_BYTES,
      defaultRate: config.DEFAULT_KEY_RATE,
      defaultBurst: config.DEFAULT_KEY_BURST,
    },
    allowInsecure: config.ALLOW_INSECURE_INGEST,
    rowEncoding: store.rowEncoding,
    onKeyUsed: (id) => usedKeys.add(id),
    onQuarantined: (tenantId) => quarantined.add(tenantId),
  };
  const events = createEventsHandler(deps);
  // OTLP/HTTP traces: the same pipeline; the standalone server also serves it at /v1/traces.
  const otlp = createOtlpHandler({ ...deps, tallies });
  // Guard's own API (policy registration, revocation list, heartbeat): the same keys and limits.
  const guard = createGuardRoutes({ ...deps, store });

  const route = createRouter(
    {
      "/api/v1/events": events,
      "/api/otlp/v1/traces": otlp,
      "/api/v1/guard/policies": guard.policies,
      "/api/v1/guard/revocations": guard.revocations,
      "/api/v1/guard/heartbeat": guard.heartbeat,
      "/api/health": health,
      "/api/ready": readiness(store, committer),
    },
    log.error,
  );

  const contexts = new TenantContexts(store, masterSecret(config.dataDir, config.TOOLTRAIL_SECRET));
  return {
    route,
    otlp,
    committer,
    bodyBudget: deps.bodyBudget,
    writerId: wid,
    /**
     * Events this process emits about itself (the dashboard's self-audit): validated, redacted,
     * hashed, sealed and committed exactly like ingested ones, under the pseudo key `internal`.
     */
    async recordInternal(tenantId: string, inputs: unknown[]): Promise<void> {
      const ctx = await contexts.get(tenantId);
      const receivedAt = new Date().toISOString();
      const prepared = inputs.map((raw) => {
        const v = validateEvent(raw, JSON.stringify(raw).length, {
          eventBytes: config.MAX_EVENT_BYTES,
        });
        if (!v.ok) throw new Error(`internal event rejected: ${JSON.stringify(v.errors)}`);
        return prepareEvent(
          v.event,
          v.truncated,
          ctx,
          INTERNAL_KEY_ID,
          receivedAt,
          store.rowEncoding,
          v.replaced,
        );
      });
      await committer.submit(tenantId, prepared, []);
    },
    async close() {
      clearInterval(housekeeping);
      await committer.close();
      await pool.close();
      await housekeep();
    },
  };
}

/**
 * Transactional stores commit each group directly (the spool only covers outages); append-only
 * stores (ClickHouse) write every sealed group ahead to the spool and insert in the background.
 */
function createCommitter(
  config: Config,
  store: Store,
  sealer: BatchSealer,
  log: Logger,
): EventCommitter {
  const common = {
    store,
    sealer,
    maxEvents: config.GROUP_COMMIT_MAX_EVENTS,
    maxWaitMs: config.GROUP_COMMIT_MAX_WAIT_MS,
    maxPendingEvents: config.MAX_PENDING_EVENTS,
  };
  if (!store.insertDetectsDuplicates) {
    if (config.SPOOL_MAX_BYTES === 0)
      throw new Error(
        "SPOOL_MAX_BYTES=0 is not possible with ClickHouse: its writes go through the spool",
      );
    return new WalCommitter({
      ...common,
      spool: new Spool<WalRecord>(join(config.dataDir, "wal"), config.SPOOL_MAX_BYTES, {
        codec: walCodec,
      }),
      flushIntervalMs: config.CLICKHOUSE_FLUSH_MS,
      maxInsertEvents: config.CLICKHOUSE_MAX_INSERT_EVENTS,
      onError: (err) => log.error("insert into the store failed; spooled events are retried", err),
    });
  }
  return new Committer({
    ...common,
    spool:
      config.SPOOL_MAX_BYTES > 0
        ? new Spool(join(config.dataDir, "spool"), config.SPOOL_MAX_BYTES)
        : null,
    onError: (err) =>
      log.error("store commit failed; events go to the spool until it is back", err),
  });
}
