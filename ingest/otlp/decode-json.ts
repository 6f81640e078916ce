import { problem } from "../http/problem";
import {
  type Attributes,
  type AttrValue,
  type BrokenSpan,
  checkIds,
  type DecodedRequest,
  double,
  type OtlpSpan,
  type OtlpSpanEvent,
} from "./model";

/** Nesting of attribute values (arrays, key-value lists) beyond which a span is refused. */
export const MAX_VALUE_DEPTH = 16;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** A span's own fault: caught in this file and kept as a broken span; it never leaves the decoder. */
class SpanError extends Error {}

/** Proto3 JSON: parsers accept the lowerCamelCase name and the original snake_case name. */
function field(o: Obj, camel: string): unknown {
  if (camel in o) return o[camel];
  const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return o[snake];
}

function list(o: Obj, camel: string, what: string): unknown[] {
  const v = field(o, camel);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SpanError(`${what} must be an array`);
  return v;
}

/**
 * OTLP/JSON (the OTLP spec's JSON encoding of ExportTraceServiceRequest). A body that is not an
 * export request is a 400; a span that is malformed is reported back and the others go on.
 */
export function decodeJsonRequest(text: string): DecodedRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw problem(400, "malformed-json", "Body is not valid JSON", (err as Error).message);
  }
  if (!isObj(body)) throw notRequest("the body must be a JSON object");
  const out: DecodedRequest = { spans: [], broken: [] };
  let resourceSpans: unknown[];
  try {
    resourceSpans = list(body, "resourceSpans", "resourceSpans");
  } catch (err) {
    throw notRequest((err as Error).message);
  }
  for (const [ri, rs] of resourceSpans.entries()) {
    if (!isObj(rs)) throw notRequest(`resourceSpans[${ri}] must be an object`);
    let resource: Attributes;
    let scopes: unknown[];
    try {
      const r = field(rs, "resource");
      resource = isObj(r) ? attributes(r, "resource.attributes") : new Map();
      scopes = list(rs, "scopeSpans", "scopeSpans");
    } catch (err) {
      throw notRequest(`resourceSpans[${ri}]: ${(err as Error).message}`);
    }
    for (const [si, ss] of scopes.entries()) {
      if (!isObj(ss)) throw notRequest(`resourceSpans[${ri}].scopeSpans[${si}] must be an object`);
      let spans: unknown[];
      try {
        spans = list(ss, "spans", "spans");
      } catch (err) {
        throw notRequest(`resourceSpans[${ri}].scopeSpans[${si}]: ${(err as Error).message}`);
      }
      for (const [i, s] of spans.entries()) {
        const path = `resourceSpans[${ri}].scopeSpans[${si}].spans[${i}]`;
        try {
          out.spans.push(span(s, resource, path));
        } catch (err) {
          if (!(err instanceof SpanError)) throw err;
          out.broken.push(brokenSpan(s, path, err.message));
        }
      }
    }
  }
  return out;
}

function notRequest(detail: string) {
  return problem(400, "malformed-otlp", "Body is not an OTLP trace export request", detail);
}

function brokenSpan(s: unknown, path: string, error: string): BrokenSpan {
  const o = isObj(s) ? s : {};
  const str = (v: unknown) => (typeof v === "string" ? v.slice(0, 64) : "");
  return { path, traceId: str(field(o, "traceId")), spanId: str(field(o, "spanId")), error };
}

function span(s: unknown, resource: Attributes, path: string): OtlpSpan {
  if (!isObj(s)) throw new SpanError("a span must be an object");
  const traceId = hexId(field(s, "traceId"), "traceId");
  const spanId = hexId(field(s, "spanId"), "spanId");
  const idError = checkIds(traceId, spanId);
  if (idError) throw new SpanError(idError);
  const parent = field(s, "parentSpanId");
  const parentSpanId = parent === undefined || parent === "" ? "" : hexId(parent, "parentSpanId");
  const name = field(s, "name") ?? "";
  if (typeof name !== "string") throw new SpanError("name must be a string");
  const statusRaw = field(s, "status");
  if (statusRaw !== undefined && statusRaw !== null && !isObj(statusRaw))
    throw new SpanError("status must be an object");
  const status = isObj(statusRaw) ? statusRaw : {};
  const message = field(status, "message") ?? "";
  if (typeof message !== "string") throw new SpanError("status.message must be a string");
  const events: OtlpSpanEvent[] = list(s, "events", "events").map((e, i) => {
    if (!isObj(e)) throw new SpanError(`events[${i}] must be an object`);
    const n = field(e, "name") ?? "";
    if (typeof n !== "string") throw new SpanError(`events[${i}].name must be a string`);
    return { name: n, attributes: attributes(e, `events[${i}].attributes`) };
  });
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    kind: enumValue(field(s, "kind"), "kind", "SPAN_KIND_", KINDS),
    startNs: nanos(field(s, "startTimeUnixNano"), "startTimeUnixNano"),
    endNs: nanos(field(s, "endTimeUnixNano"), "endTimeUnixNano"),
    attributes: attributes(s, "attributes"),
    events,
    status: {
      code: enumValue(field(status, "code"), "status.code", "STATUS_CODE_", CODES),
      message,
    },
    resource,
    path,
  };
}

const KINDS = ["UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER"];
const CODES = ["UNSET", "OK", "ERROR"];

function enumValue(v: unknown, what: string, prefix: string, names: string[]): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < names.length) return v;
  if (typeof v === "string") {
    const i = names.indexOf(v.startsWith(prefix) ? v.slice(prefix.length) : "");
    if (i >= 0) return i;
  }
  throw new SpanError(`${what} must be one of 0-${names.length - 1}`);
}

/** OTLP/JSON carries ids as hex (not base64, unlike the generic protobuf JSON mapping). */
function hexId(v: unknown, what: string): string {
  if (typeof v !== "string") throw new SpanError(`${what} must be a hex string`);
  if (!/^[0-9a-fA-F]*$/.test(v)) throw new SpanError(`${what} must be hex digits`);
  return v.toLowerCase();
}

function nanos(v: unknown, what: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string" && /^\d{1,20}$/.test(v)) return BigInt(v);
  throw new SpanError(
    `${what} must be a non-negative integer (nanoseconds, as a string or number)`,
  );
}

function attributes(o: Obj, what: string): Attributes {
  const out: Attributes = new Map();
  for (const [i, kv] of list(o, "attributes", what).entries()) {
    if (!isObj(kv) || typeof kv.key !== "string")
      throw new SpanError(`${what}[${i}] must be an object with a string key`);
    out.set(kv.key, anyValue(kv.value, `${what}[${i}] (${kv.key.slice(0, 64)})`, 0));
  }
  return out;
}

function anyValue(v: unknown, what: string, depth: number): AttrValue {
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw new SpanError(`${what}: value must be an AnyValue object`);
  if (depth > MAX_VALUE_DEPTH) throw new SpanError(`${what}: value nested too deeply`);
  const [key, inner] = Object.entries(v)[0] ?? [];
  switch (key) {
    case undefined:
      return null;
    case "stringValue":
    case "string_value":
      if (typeof inner !== "string") throw new SpanError(`${what}: stringValue must be a string`);
      return inner;
    case "boolValue":
    case "bool_value":
      if (typeof inner !== "boolean") throw new SpanError(`${what}: boolValue must be a boolean`);
      return inner;
    case "intValue":
    case "int_value": {
      if (typeof inner === "number" && Number.isInteger(inner)) return inner;
      if (typeof inner === "string" && /^-?\d{1,20}$/.test(inner)) {
        const n = Number(inner);
        return Number.isSafeInteger(n) ? n : inner;
      }
      throw new SpanError(`${what}: intValue must be an integer`);
    }
    case "doubleValue":
    case "double_value":
      // 1e400 parses to Infinity: it becomes what OTLP/JSON writes for it, like NaN.
      if (typeof inner === "number") return double(inner);
      if (typeof inner === "string" && ["NaN", "Infinity", "-Infinity"].includes(inner))
        return inner;
      throw new SpanError(`${what}: doubleValue must be a number`);
    case "bytesValue":
    case "bytes_value":
      if (typeof inner !== "string") throw new SpanError(`${what}: bytesValue must be base64`);
      return inner;
    case "arrayValue":
    case "array_value": {
      const values = isObj(inner) ? (inner.values ?? []) : null;
      if (!Array.isArray(values))
        throw new SpanError(`${what}: arrayValue.values must be an array`);
      return values.map((x) => anyValue(x, what, depth + 1));
    }
    case "kvlistValue":
    case "kvlist_value": {
      const values = isObj(inner) ? (inner.values ?? []) : null;
      if (!Array.isArray(values))
        throw new SpanError(`${what}: kvlistValue.values must be an array`);
      // No prototype: a "__proto__" key stays an ordinary key.
      const out: Record<string, AttrValue> = Object.create(null);
      for (const kv of values) {
        if (!isObj(kv) || typeof kv.key !== "string")
          throw new SpanError(`${what}: kvlistValue entries need a string key`);
        out[kv.key] = anyValue(kv.value, what, depth + 1);
      }
      return out;
    }
    default:
      throw new SpanError(`${what}: unknown value type ${key.slice(0, 32)}`);
  }
}
