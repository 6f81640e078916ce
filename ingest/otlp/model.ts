/**
 * OTLP traces decoded from either encoding into one plain shape, so the mapping never cares
 * whether the request was JSON or protobuf. Ids are lowercase hex; times are epoch nanoseconds.
 */
export type AttrValue =
  | string
  | number
  | boolean
  | null
  | AttrValue[]
  | { readonly [key: string]: AttrValue };

export type Attributes = Map<string, AttrValue>;

/**
 * A double attribute as a value JSON can carry: NaN and ±Infinity become the strings OTLP/JSON
 * encodes them as ("NaN", "Infinity", "-Infinity"), so both encodings decode alike and no event
 * holds a number its canonical JSON (and every store) would refuse.
 */
export function double(n: number): number | string {
  return Number.isFinite(n) ? n : String(n);
}

export const SPAN_KIND = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;

export const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export type OtlpSpanEvent = { name: string; attributes: Attributes };

export type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  /** Nanoseconds since the epoch; bigint so JSON's string int64 keeps every digit. */
  startNs: bigint;
  endNs: bigint;
  attributes: Attributes;
  events: OtlpSpanEvent[];
  status: { code: number; message: string };
  resource: Attributes;
  /** Where the span sits in the request (resourceSpans, scopeSpans, spans), for messages. */
  path: string;
};

/** A span that could not be decoded; it is rejected (and quarantined), not the request. */
export type BrokenSpan = { path: string; traceId: string; spanId: string; error: string };

export type DecodedRequest = { spans: OtlpSpan[]; broken: BrokenSpan[] };

const HEX_TRACE = /^[0-9a-f]{32}$/;
const HEX_SPAN = /^[0-9a-f]{16}$/;

/** Valid ids are the right length and not all zero (the spec's "invalid" id). */
export function checkIds(traceId: string, spanId: string): string | null {
  if (!HEX_TRACE.test(traceId) || /^0+$/.test(traceId))
    return "traceId must be 16 bytes (32 hex digits), not all zero";
  if (!HEX_SPAN.test(spanId) || /^0+$/.test(spanId))
    return "spanId must be 8 bytes (16 hex digits), not all zero";
  return null;
}

export function attrString(attrs: Attributes, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = attrs.get(k);
    if (v === undefined || v === null) continue;
    if (typeof v === "string") {
      if (v !== "") return v;
      continue;
    }
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return JSON.stringify(v);
  }
  return undefined;
}

export function attrStringList(attrs: Attributes, key: string): string[] | undefined {
  const v = attrs.get(key);
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.filter((x) => x !== null).map((x) => String(x));
  if (typeof v === "string")
    return v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  return [String(v)];
}
