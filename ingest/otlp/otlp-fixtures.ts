/**
 * Hand-written OTLP/JSON for tests: the spec's JSON encoding (hex ids, int64 as strings,
 * attributes as typed AnyValues), built from plain values so each test shows only what matters.
 */
type Plain = string | number | boolean | Plain[] | { [k: string]: Plain };

export function anyValue(v: Plain): Record<string, unknown> {
  if (typeof v === "string") return { stringValue: v };
  if (typeof v === "boolean") return { boolValue: v };
  if (typeof v === "number")
    return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return {
    kvlistValue: { values: Object.entries(v).map(([key, x]) => ({ key, value: anyValue(x) })) },
  };
}

export function attributes(attrs: Record<string, Plain>) {
  return Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));
}

let counter = 0;
const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");

/** A unique trace id per call (tests run in parallel against shared stores). */
export function newTraceId(): string {
  counter++;
  return `${hex(process.pid, 8)}${hex(Date.now() % 0xffffffff, 8)}${hex(counter, 16)}`;
}

export type SpanSpec = {
  name?: string;
  kind?: number;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  /** Epoch ms of the start. */
  start?: number;
  durationMs?: number;
  attributes?: Record<string, Plain>;
  status?: { code?: number; message?: string };
  events?: { name: string; attributes?: Record<string, Plain> }[];
};

let spanCounter = 0;
export function newSpanId(): string {
  spanCounter++;
  return `${hex(process.pid % 0xffff, 4)}${hex(spanCounter, 12)}`;
}

export const T0 = Date.UTC(2026, 2, 1, 10, 0, 0, 0);

export function span(s: SpanSpec): Record<string, unknown> {
  const start = BigInt(s.start ?? T0) * 1_000_000n;
  const end = start + BigInt(Math.round((s.durationMs ?? 12.5) * 1_000_000));
  return {
    traceId: s.traceId ?? newTraceId(),
    spanId: s.spanId ?? newSpanId(),
    ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
    name: s.name ?? "tools/call read_file",
    kind: s.kind ?? 2,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(end),
    attributes: attributes(s.attributes ?? {}),
    ...(s.events
      ? {
          events: s.events.map((e) => ({
            name: e.name,
            timeUnixNano: String(start),
            attributes: attributes(e.attributes ?? {}),
          })),
        }
      : {}),
    status: s.status ?? {},
  };
}

export function exportRequest(
  spans: Record<string, unknown>[],
  resource: Record<string, Plain> = { "service.name": "files" },
) {
  return {
    resourceSpans: [
      {
        resource: { attributes: attributes(resource) },
        scopeSpans: [{ scope: { name: "test" }, spans }],
      },
    ],
  };
}
