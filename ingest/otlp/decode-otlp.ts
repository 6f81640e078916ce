import { UNIDENTIFIED_ACTOR_ID } from "../../db/store/types";
import type { BodyItem } from "../http/body";
import { problem } from "../http/problem";
import { decodeJsonRequest } from "./decode-json";
import { decodeProtoRequest } from "./decode-proto";
import {
  applyGuardrails,
  guardedCall,
  isGuardrailSpan,
  mapStandaloneGuardrail,
} from "./guardrails";
import { isToolSpan, type MappedEvent, mapSpan, putLabel } from "./map-span";
import { type OtlpSpan, SPAN_KIND } from "./model";

export const OTLP_FORMATS = ["otlp-json", "otlp-protobuf"] as const;
export type OtlpFormat = (typeof OTLP_FORMATS)[number];

export function isOtlpFormat(format: string): format is OtlpFormat {
  return format === "otlp-json" || format === "otlp-protobuf";
}

/** What became of one request's spans, for the response and the per-source tallies. */
export type OtlpStats = {
  /** Every span in the request. */
  spans: number;
  /** Spans that became events (valid or not). */
  calls: number;
  /** Client-side or nested spans merged into the server span of the same call. */
  context: number;
  /** Guardrail spans whose verdict became a call's decision. */
  guardrails: number;
  /** Spans that are not MCP or tool activity: counted, not stored. */
  dropped: number;
  /** Guardrail spans whose call is not in the request: stored as events of their own. */
  standaloneGuardrails: number;
  /** Spans that could not be decoded (bad ids, wrong types): rejected and quarantined. */
  broken: number;
};

/**
 * Turns an OTLP export request into the pipeline's body items: one event per MCP call handled,
 * enriched with its client-side context and guardrail verdicts. From here on the events go
 * through exactly what native events go through (validation, redaction, hashing, sealing).
 */
export function decodeOtlp(
  buf: Buffer,
  format: OtlpFormat,
  maxEvents: number,
): { items: BodyItem[]; stats: OtlpStats } {
  const req =
    format === "otlp-json" ? decodeJsonRequest(buf.toString("utf8")) : decodeProtoRequest(buf);
  const stats: OtlpStats = {
    spans: req.spans.length + req.broken.length,
    calls: 0,
    context: 0,
    guardrails: 0,
    dropped: 0,
    standaloneGuardrails: 0,
    broken: req.broken.length,
  };
  const guards: OtlpSpan[] = [];
  const calls: OtlpSpan[] = [];
  for (const s of req.spans) {
    if (isGuardrailSpan(s)) guards.push(s);
    else if (isToolSpan(s)) calls.push(s);
    else stats.dropped++;
  }
  const owner = ownersOf(calls, req.spans);
  const events = new Map<OtlpSpan, MappedEvent>();
  for (const c of calls) if (owner.get(c) === c) events.set(c, mapSpan(c));
  for (const c of calls) {
    const o = owner.get(c);
    if (o === c || !o) continue;
    const e = events.get(o);
    if (e) mergeContext(e, mapSpan(c), c);
    stats.context++;
  }
  const guardsOf = new Map<OtlpSpan, OtlpSpan[]>();
  for (const g of guards) {
    const target = guardedCall(g, calls);
    const o = target ? owner.get(target) : undefined;
    if (!o) {
      stats.standaloneGuardrails++;
      events.set(g, mapStandaloneGuardrail(g));
      continue;
    }
    guardsOf.set(o, [...(guardsOf.get(o) ?? []), g]);
    stats.guardrails++;
  }
  for (const [o, gs] of guardsOf) {
    const e = events.get(o);
    if (e) applyGuardrails(e, gs);
  }
  const items: BodyItem[] = req.broken.map((b) => {
    const text = JSON.stringify({ otlp_span: b.path, trace_id: b.traceId, span_id: b.spanId });
    return { ok: false, error: `${b.path}: ${b.error}`, bytes: Buffer.byteLength(text), text };
  });
  for (const [s, e] of events) {
    const text = JSON.stringify(e);
    if (s.startNs === 0n) {
      // Said in OTLP's terms: the contract would only report a missing `time`.
      const error = `${s.path}: startTimeUnixNano is missing; the span's start is the event's time`;
      items.push({ ok: false, error, bytes: Buffer.byteLength(text), text });
      continue;
    }
    items.push({ ok: true, value: e, bytes: Buffer.byteLength(text), text });
  }
  stats.calls = events.size;
  if (items.length > maxEvents) {
    throw problem(
      413,
      "too-many-events",
      "Too many spans",
      `a request may carry at most ${maxEvents} MCP spans; this one has ${items.length} (lower the exporter's max export batch size)`,
    );
  }
  return { items, stats };
}

/**
 * Server-side spans are the calls handled. A client-side or internal call span whose server span
 * is in the same request (its child, or an ancestor as in gateways) only adds context to it;
 * one without is the only record of its call and becomes an event itself.
 */
function ownersOf(calls: OtlpSpan[], all: OtlpSpan[]): Map<OtlpSpan, OtlpSpan> {
  const byId = new Map(all.map((s) => [`${s.traceId}:${s.spanId}`, s]));
  const isServerCall = new Set(calls.filter((c) => c.kind === SPAN_KIND.SERVER));
  const serverChild = new Map<string, OtlpSpan>();
  for (const s of isServerCall) serverChild.set(`${s.traceId}:${s.parentSpanId}`, s);
  const owner = new Map<OtlpSpan, OtlpSpan>();
  for (const c of calls) {
    if (isServerCall.has(c)) {
      owner.set(c, c);
      continue;
    }
    let found = serverChild.get(`${c.traceId}:${c.spanId}`);
    let p = byId.get(`${c.traceId}:${c.parentSpanId}`);
    for (let depth = 0; !found && p && depth < 32; depth++) {
      if (isServerCall.has(p)) found = p;
      p = byId.get(`${p.traceId}:${p.parentSpanId}`);
    }
    owner.set(c, found ?? c);
  }
  return owner;
}

/** Fills what the server span did not record from the related span (never overrides). */
function mergeContext(event: MappedEvent, ctx: MappedEvent, span: OtlpSpan): void {
  for (const key of ["client", "agent", "conversation_id", "session_id", "arguments", "tool"]) {
    if (event[key] === undefined && ctx[key] !== undefined) event[key] = ctx[key];
  }
  const actor = event.actor as { id: string };
  const ctxActor = ctx.actor as { id: string };
  if (actor.id === UNIDENTIFIED_ACTOR_ID && ctxActor.id !== UNIDENTIFIED_ACTOR_ID)
    event.actor = ctxActor;
  const kind = span.kind === SPAN_KIND.CLIENT ? "client" : "related";
  putLabel(event.labels, `otel.${kind}_span_id`, span.spanId);
}
