import type { StoredEvent } from "../core/contract";
import { DASHBOARD_SERVER_NAME } from "../services/audit-event";
import type { DetectEvent } from "./types";

/**
 * The pseudo ingest key of events the server writes about itself (ingest/pipeline.ts
 * INTERNAL_KEY_ID; a test holds the two equal). Kept here so that rules do not load the pipeline.
 */
export const INTERNAL_INGEST_KEY = "internal";

/** Bounds of DetectEvent.argValues: what the rules scan per event stays small whatever arrived. */
export const ARG_VALUES_MAX = 64;
export const ARG_VALUE_CHARS = 1024;
/** Nodes of the arguments visited at most: an array of a million nulls costs no more than this. */
const NODES_MAX = 4096;

/**
 * Extracts what the rules read from a stored event, once per event. An event is `internal` only
 * when both its server is the dashboard's and it came through the internal entrance: a client that
 * names its server `tooltrail-dashboard` must not thereby hide its calls from every rule.
 */
export function toDetectEvent(e: StoredEvent): DetectEvent {
  return {
    id: e.id,
    time: Date.parse(e.time),
    actorId: e.actor.id,
    actorType: e.actor.type ?? null,
    actorName: e.actor.name ?? e.actor.email ?? null,
    server: e.server.name,
    tool: e.tool ?? null,
    outcome: e.outcome,
    verdict: e.decision?.verdict ?? null,
    errorType: e.error?.type ?? null,
    validationFailed: e.validation?.valid === false,
    rateLimited: e.rate_limit?.limited === true || e.outcome === "rate_limited",
    sessionId: e.session_id ?? null,
    traceId: e.trace_id ?? null,
    classification: e.data_classification ?? null,
    redactions: (e.redactions ?? []).map((r) => ({ field: r.field, type: r.type, count: r.count })),
    resultBytes: e.result_bytes ?? null,
    argValues: argValues(e.arguments, e.resource_uri),
    argsHmac: e.args_hmac ?? null,
    ingestKeyId: e.ingest_key_id,
    labels: { ...(e.labels ?? {}) },
    internal: e.server.name === DASHBOARD_SERVER_NAME && e.ingest_key_id === INTERNAL_INGEST_KEY,
  };
}

/**
 * String values (and numbers, as their decimal text: ids are often numbers) of the arguments,
 * depth-first in document order, after the resource URI of a `resources/read`: what a call
 * touched. Iterative, so hostile nesting cannot overflow the stack.
 */
export function argValues(args: unknown, resourceUri?: string): string[] {
  const out: string[] = [];
  const add = (s: string) => out.push(s.length > ARG_VALUE_CHARS ? s.slice(0, ARG_VALUE_CHARS) : s);
  if (resourceUri) add(resourceUri);
  const stack: unknown[] = [args];
  let visited = 0;
  while (stack.length > 0 && out.length < ARG_VALUES_MAX && visited++ < NODES_MAX) {
    const v = stack.pop();
    if (typeof v === "string") add(v);
    else if (typeof v === "number" && Number.isFinite(v)) add(String(v));
    else if (Array.isArray(v)) {
      for (let i = Math.min(v.length, NODES_MAX) - 1; i >= 0; i--) stack.push(v[i]);
    } else if (v !== null && typeof v === "object") {
      const values = Object.values(v).slice(0, NODES_MAX);
      for (let i = values.length - 1; i >= 0; i--) stack.push(values[i]);
    }
  }
  return out;
}
