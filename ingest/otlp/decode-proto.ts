import { tooDeep } from "../http/body-depth";
import { problem } from "../http/problem";
import {
  type Attributes,
  type AttrValue,
  type BrokenSpan,
  checkIds,
  type DecodedRequest,
  double,
  type OtlpSpan,
} from "./model";
import { ExportTraceServiceRequest } from "./otlp-proto";

type Msg = Record<string, unknown>;
type KeyValue = { key?: string; value?: Msg | null };

/**
 * OTLP/protobuf. The wire format is all-or-nothing (a truncated or corrupt message cannot be
 * split into spans), so undecodable bytes are a 400; decodable spans with bad ids are rejected
 * one by one like JSON ones.
 */
export function decodeProtoRequest(buf: Uint8Array): DecodedRequest {
  let req: Msg;
  try {
    req = ExportTraceServiceRequest.decode(buf) as unknown as Msg;
  } catch (err) {
    // protobufjs counts message nesting itself (otlp-proto.ts sets the limit): no stack overflow.
    if ((err as Error).message === "max depth exceeded") throw tooDeep();
    throw problem(
      400,
      "malformed-protobuf",
      "Body is not a protobuf OTLP trace export request",
      `could not decode ExportTraceServiceRequest: ${(err as Error).message}`,
    );
  }
  const out: DecodedRequest = { spans: [], broken: [] };
  for (const [ri, rs] of arr(req.resourceSpans).entries()) {
    const resource = attributes(arr((rs.resource as Msg | undefined)?.attributes));
    for (const [si, ss] of arr(rs.scopeSpans).entries()) {
      for (const [i, s] of arr(ss.spans).entries()) {
        const path = `resourceSpans[${ri}].scopeSpans[${si}].spans[${i}]`;
        const traceId = hex(s.traceId);
        const spanId = hex(s.spanId);
        const idError = checkIds(traceId, spanId);
        if (idError) {
          out.broken.push(broken(path, traceId, spanId, idError));
          continue;
        }
        const status = (s.status as Msg | undefined) ?? {};
        const span: OtlpSpan = {
          traceId,
          spanId,
          parentSpanId: hex(s.parentSpanId),
          name: typeof s.name === "string" ? s.name : "",
          kind: Number(s.kind ?? 0),
          startNs: nanos(s.startTimeUnixNano),
          endNs: nanos(s.endTimeUnixNano),
          attributes: attributes(arr(s.attributes)),
          events: arr(s.events).map((e) => ({
            name: typeof e.name === "string" ? e.name : "",
            attributes: attributes(arr(e.attributes)),
          })),
          status: {
            code: Number(status.code ?? 0),
            message: typeof status.message === "string" ? status.message : "",
          },
          resource,
          path,
        };
        if (span.parentSpanId !== "" && !/^[0-9a-f]{16}$/.test(span.parentSpanId)) {
          out.broken.push(broken(path, traceId, spanId, "parentSpanId must be 8 bytes"));
          continue;
        }
        out.spans.push(span);
      }
    }
  }
  return out;
}

function broken(path: string, traceId: string, spanId: string, error: string): BrokenSpan {
  return { path, traceId: traceId.slice(0, 64), spanId: spanId.slice(0, 64), error };
}

function arr(v: unknown): Msg[] {
  return Array.isArray(v) ? (v as Msg[]) : [];
}

function hex(v: unknown): string {
  return v instanceof Uint8Array
    ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")
    : "";
}

/** Without long.js protobufjs yields numbers; sub-microsecond precision is all that is lost. */
function nanos(v: unknown): bigint {
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return BigInt(Math.round(v));
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  if (v && typeof v === "object" && "toString" in v) {
    const s = String(v);
    if (/^\d+$/.test(s)) return BigInt(s);
  }
  return 0n;
}

function attributes(list: Msg[]): Attributes {
  const out: Attributes = new Map();
  for (const kv of list as KeyValue[]) {
    if (typeof kv.key === "string") out.set(kv.key, anyValue(kv.value));
  }
  return out;
}

/** Decoded messages carry defaults on their prototype: only own properties say what was sent. */
function anyValue(v: Msg | null | undefined): AttrValue {
  if (!v) return null;
  const has = (k: string) => Object.hasOwn(v, k) && v[k] !== null && v[k] !== undefined;
  if (has("stringValue")) return String(v.stringValue);
  if (has("boolValue")) return Boolean(v.boolValue);
  if (has("intValue")) {
    const n = Number(v.intValue);
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if (has("doubleValue")) return double(Number(v.doubleValue));
  if (has("bytesValue")) return Buffer.from(v.bytesValue as Uint8Array).toString("base64");
  if (has("arrayValue")) return arr((v.arrayValue as Msg).values).map(anyValue);
  if (has("kvlistValue")) {
    // No prototype: a "__proto__" key stays an ordinary key.
    const out: Record<string, AttrValue> = Object.create(null);
    for (const kv of arr((v.kvlistValue as Msg).values) as KeyValue[])
      if (typeof kv.key === "string") out[kv.key] = anyValue(kv.value);
    return out;
  }
  return null;
}
