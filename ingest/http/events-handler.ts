import type { IngestKeyRecord, QuarantineRow, RowEncoding } from "../../db/store/types";
import type { EventCommitter } from "../commit/committer";
import type { PreparedEvent, TenantContext } from "../prepare/prepare";
import type { BatchJob, BatchResult } from "../prepare/prepare-batch";
import type { PreparePool } from "../prepare/prepare-pool";
import type { TenantContexts } from "../prepare/tenant-contexts";
import { bodyFormat, readBody } from "./body";
import type { BodyBudget } from "./body-budget";
import { type HttpRequest, type HttpResponse, isLoopback, json } from "./http-types";
import type { KeyAuthenticator } from "./key-auth";
import { everyEventRejected, problem, problemResponse } from "./problem";
import type { RateLimiter } from "./rate-limit";
import { requestIdFor } from "./request-id";

export type EventsHandlerDeps = {
  keys: KeyAuthenticator;
  tenants: TenantContexts;
  limiter: RateLimiter;
  committer: EventCommitter;
  pool: PreparePool;
  /** Request bodies in memory at once, shared by every ingest route. */
  bodyBudget: BodyBudget;
  limits: {
    maxEventBytes: number;
    maxBatchEvents: number;
    maxBodyBytes: number;
    defaultRate: number;
    defaultBurst: number;
  };
  allowInsecure: boolean;
  /** The store's `rowEncoding`, for the prepare workers. */
  rowEncoding: RowEncoding | null;
  onKeyUsed?: (keyId: string) => void;
  onQuarantined?: (tenantId: string) => void;
};

type CommitResult = Awaited<ReturnType<EventCommitter["submit"]>>;

/**
 * What differs between the native event API and other protocols onto the same pipeline (OTLP):
 * which bodies it takes and how it answers. Everything in between is shared.
 */
export type IngestProtocol = {
  format(contentType: string | undefined): BatchJob["format"];
  respond(args: {
    batch: BatchResult;
    result: CommitResult;
    job: BatchJob;
    key: IngestKeyRecord;
  }): HttpResponse;
};

const nativeProtocol: IngestProtocol = {
  format: bodyFormat,
  respond: ({ batch, result, job }) => {
    const counts = {
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected: batch.rejected,
      ...(result.spooled ? { spooled: true } : {}),
    };
    // A request none of whose events could be kept is the client's mistake, not a success that
    // accepted nothing: a 202 there hid broken sources. The events are in quarantine all the same.
    if (batch.prepared.length === 0 && batch.rejected.length > 0)
      return problemResponse(everyEventRejected(batch.rejected, counts), {
        "x-request-id": job.requestId,
      });
    return json(202, counts, { "x-request-id": job.requestId });
  },
};

/** POST /api/v1/events: authenticate, decode, validate, redact, hash, commit; then answer. */
export function createEventsHandler(d: EventsHandlerDeps, protocol = nativeProtocol) {
  return async function handleEvents(req: HttpRequest): Promise<HttpResponse> {
    if (req.method !== "POST") {
      throw problem(
        405,
        "method-not-allowed",
        "Method not allowed",
        "use POST",
        {},
        { allow: "POST" },
      );
    }
    if (!req.secure && !isLoopback(req.remoteAddress) && !d.allowInsecure) {
      throw problem(
        403,
        "tls-required",
        "TLS required",
        "ingest keys are accepted only over HTTPS (or from loopback); set ALLOW_INSECURE_INGEST=true to override",
      );
    }
    const key = await d.keys.authenticate(req.header("authorization"));
    const requestId = requestIdFor(key.id, req.header("idempotency-key"));
    const format = protocol.format(req.header("content-type"));
    const declared = Number(req.header("content-length") ?? 0);
    if (declared > d.limits.maxBodyBytes) {
      throw problem(
        413,
        "body-too-large",
        "Request body too large",
        `the body exceeds ${d.limits.maxBodyBytes} bytes`,
      );
    }
    // Bodies in memory at once are bounded; past the budget we shed load instead of growing.
    const reservation = d.bodyBudget.reserve(declared);
    try {
      // An exhausted key is refused before its body costs any parsing.
      takeRate(d, key, 1);
      const body = await readBody(
        req.body,
        req.header("content-encoding"),
        d.limits.maxBodyBytes,
        reservation,
      );
      const ctx = await d.tenants.get(key.tenantId);
      d.onKeyUsed?.(key.id);
      const job: BatchJob = {
        body,
        format,
        maxBatchEvents: d.limits.maxBatchEvents,
        maxEventBytes: d.limits.maxEventBytes,
        keyId: key.id,
        keyServers: key.servers,
        receivedAt: new Date().toISOString(),
        requestId,
        rowEncoding: d.rowEncoding,
      };
      return await ingestItems(d, key, ctx, job, protocol);
    } finally {
      reservation.release();
    }
  };
}

function takeRate(d: EventsHandlerDeps, key: IngestKeyRecord, cost: number): void {
  const rate = key.ratePerSecond ?? d.limits.defaultRate;
  const burst = key.burst ?? d.limits.defaultBurst;
  if (cost > burst) {
    throw problem(
      413,
      "exceeds-burst",
      "Request exceeds the key's burst",
      `${cost} events in one request exceed this key's burst of ${burst}; send smaller requests`,
    );
  }
  const wait = d.limiter.take(key.id, cost, rate, burst);
  if (wait > 0) {
    throw problem(
      429,
      "rate-limited",
      "Rate limited",
      `ingest key ${key.id} is limited to ${rate} events/s (burst ${burst})`,
      { retry_after_s: wait },
      { "retry-after": String(wait) },
    );
  }
}

async function ingestItems(
  d: EventsHandlerDeps,
  key: IngestKeyRecord,
  ctx: TenantContext,
  job: BatchJob,
  protocol: IngestProtocol,
): Promise<HttpResponse> {
  const batch = await d.pool.run(job, ctx);
  takeRate(d, key, batch.count - 1);
  if (batch.outOfScope.length > 0) {
    // The whole request is refused: a key used for a server outside its scope is misconfigured
    // or stolen. The offending events are kept in quarantine as evidence; nothing else is stored.
    const evidence = batch.quarantine.filter((q) => batch.outOfScope.includes(q.eventIndex));
    await submit(d, ctx.tenantId, [], evidence);
    throw problem(
      403,
      "server-not-allowed",
      "Server not allowed for this key",
      `events at index ${batch.outOfScope.join(", ")} name a server this key may not report for; allowed: ${key.servers?.join(", ")}`,
      { indexes: batch.outOfScope },
    );
  }
  const result = await submit(d, ctx.tenantId, batch.prepared, batch.quarantine);
  return protocol.respond({ batch, result, job, key });
}

async function submit(
  d: EventsHandlerDeps,
  tenantId: string,
  events: PreparedEvent[],
  quarantine: QuarantineRow[],
) {
  if (quarantine.length > 0) d.onQuarantined?.(tenantId);
  // The committer's refusals (overloaded, store unavailable) are answered by `toProblem`.
  return d.committer.submit(tenantId, events, quarantine);
}
