import { randomUUID } from "node:crypto";
import type { IngestKeyRecord, QuarantineRow } from "../db/store/types";
import { cutString, validateEvent } from "../lib/contract";
import { redactText } from "../lib/redact";
import { type BodyItem, bodyFormat, decodeBody, readBody } from "./body";
import { type Committer, OverloadedError, StoreUnavailableError } from "./committer";
import { type HttpRequest, type HttpResponse, isLoopback, json } from "./http-types";
import type { KeyAuthenticator } from "./key-auth";
import { type PreparedEvent, prepareEvent, type TenantContext } from "./prepare";
import { problem } from "./problem";
import type { RateLimiter } from "./rate-limit";
import type { TenantContexts } from "./tenant-contexts";

export type EventsHandlerDeps = {
  keys: KeyAuthenticator;
  tenants: TenantContexts;
  limiter: RateLimiter;
  committer: Committer;
  limits: {
    maxEventBytes: number;
    maxBatchEvents: number;
    maxBodyBytes: number;
    maxInflightBodyBytes: number;
    defaultRate: number;
    defaultBurst: number;
  };
  allowInsecure: boolean;
  onKeyUsed?: (keyId: string) => void;
  onQuarantined?: (tenantId: string) => void;
};

type Rejection = { index: number; id?: string; errors: { path: string; message: string }[] };

const QUARANTINE_RAW_CHARS = 8192;

/** POST /api/v1/events: authenticate, decode, validate, redact, hash, commit; then answer. */
export function createEventsHandler(d: EventsHandlerDeps) {
  let inflightBytes = 0;

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
    const format = bodyFormat(req.header("content-type"));
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
    const reserve = Math.max(declared, 64 * 1024);
    if (inflightBytes + reserve > d.limits.maxInflightBodyBytes) {
      throw problem(
        503,
        "overloaded",
        "Overloaded",
        "too many request bodies in flight; retry shortly",
        {},
        { "retry-after": "1" },
      );
    }
    inflightBytes += reserve;
    let items: BodyItem[];
    try {
      const buf = await readBody(req.body, req.header("content-encoding"), d.limits.maxBodyBytes);
      items = decodeBody(buf, format, d.limits.maxBatchEvents);
    } finally {
      inflightBytes -= reserve;
    }
    checkRate(d, key, items.length);
    const ctx = await d.tenants.get(key.tenantId);
    d.onKeyUsed?.(key.id);
    return ingestItems(d, key, ctx, items);
  };
}

function checkRate(d: EventsHandlerDeps, key: IngestKeyRecord, cost: number): void {
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
  items: BodyItem[],
): Promise<HttpResponse> {
  const receivedAt = new Date().toISOString();
  const requestId = randomUUID();
  const prepared: PreparedEvent[] = [];
  const rejected: Rejection[] = [];
  const quarantine: QuarantineRow[] = [];
  const outOfScope: number[] = [];
  const quarantineItem = (
    index: number,
    item: BodyItem,
    id: string | null,
    errors: Rejection["errors"],
  ) => {
    rejected.push({ index, ...(id ? { id } : {}), errors });
    const text = item.text ?? JSON.stringify(item.ok ? item.value : null) ?? "";
    quarantine.push({
      tenantId: ctx.tenantId,
      receivedAt,
      ingestKeyId: key.id,
      requestId,
      eventIndex: index,
      eventId: id,
      errors,
      raw: redactText(cutString(text, QUARANTINE_RAW_CHARS), ctx.redaction).text,
      rawBytes: item.bytes,
    });
  };
  for (const [index, item] of items.entries()) {
    if (!item.ok) {
      quarantineItem(index, item, null, [{ path: "", message: item.error }]);
      continue;
    }
    const v = validateEvent(item.value, item.bytes, { eventBytes: d.limits.maxEventBytes });
    if (!v.ok) {
      quarantineItem(index, item, v.id, v.errors);
      continue;
    }
    if (key.servers && !key.servers.includes(v.event.server.name)) {
      outOfScope.push(index);
      quarantineItem(index, item, v.event.id, [
        {
          path: "server.name",
          message: `server "${v.event.server.name}" is not allowed for ingest key ${key.id}`,
        },
      ]);
      continue;
    }
    prepared.push(prepareEvent(v.event, v.truncated, ctx, key.id, receivedAt));
  }
  if (outOfScope.length > 0) {
    // The whole request is refused: a key used for a server outside its scope is misconfigured
    // or stolen. The offending events are kept in quarantine as evidence; nothing else is stored.
    await submit(
      d,
      ctx.tenantId,
      [],
      quarantine.filter((q) => outOfScope.includes(q.eventIndex)),
    );
    throw problem(
      403,
      "server-not-allowed",
      "Server not allowed for this key",
      `events at index ${outOfScope.join(", ")} name a server this key may not report for; allowed: ${key.servers?.join(", ")}`,
      { indexes: outOfScope },
    );
  }
  const result = await submit(d, ctx.tenantId, prepared, quarantine);
  return json(
    202,
    {
      accepted: result.accepted,
      duplicates: result.duplicates,
      rejected,
      ...(result.spooled ? { spooled: true } : {}),
    },
    { "x-request-id": requestId },
  );
}

async function submit(
  d: EventsHandlerDeps,
  tenantId: string,
  events: PreparedEvent[],
  quarantine: QuarantineRow[],
) {
  if (quarantine.length > 0) d.onQuarantined?.(tenantId);
  try {
    return await d.committer.submit(tenantId, events, quarantine);
  } catch (err) {
    if (err instanceof OverloadedError) {
      throw problem(
        503,
        "overloaded",
        "Overloaded",
        `${err.message}; retry shortly`,
        {},
        { "retry-after": "1" },
      );
    }
    if (err instanceof StoreUnavailableError) {
      throw problem(
        503,
        "store-unavailable",
        "Store unavailable",
        `events could not be stored durably (${err.message}); nothing from this request was acknowledged`,
        {},
        { "retry-after": "5" },
      );
    }
    throw err;
  }
}
