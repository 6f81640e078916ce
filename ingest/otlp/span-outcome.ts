import { attrString, type OtlpSpan, SPAN_KIND, STATUS_CODE } from "./model";
import { clip, compact } from "./values";

/** JSON-RPC codes that, on the server side, are the caller's fault rather than the server's. */
const INVALID_CODES = new Set([-32700, -32600, -32601, -32602, -32002]);
/** The MCP SDKs' request-timeout code. */
const TIMEOUT_CODE = -32001;

/**
 * Outcome and error of a call span. A span failed when its status is ERROR or it carries an
 * error type, a non-zero JSON-RPC code or a gateway's error flag; the message comes from the most
 * specific place that has one.
 */
export function outcomeOf(s: OtlpSpan): Record<string, unknown> {
  const a = s.attributes;
  const rawCode = attrString(a, "rpc.response.status_code", "mcp.error.code");
  const numeric = rawCode !== undefined && /^-?\d+$/.test(rawCode) ? Number(rawCode) : undefined;
  const code = numeric ?? rawCode;
  const opError = a.get("mcp.operation.error");
  const exception = s.events.find((e) => e.name === "exception");
  const errorType = attrString(a, "error.type");
  const failed =
    s.status.code === STATUS_CODE.ERROR ||
    errorType !== undefined ||
    (code !== undefined && code !== 0 && code !== "0" && code !== "OK") ||
    (opError !== undefined && opError !== null && opError !== false && opError !== "");
  if (!failed) return { outcome: "ok" };
  const message =
    attrString(a, "mcp.error.message") ??
    (typeof opError === "string" ? opError : undefined) ??
    (s.status.message || undefined) ??
    (exception ? attrString(exception.attributes, "exception.message") : undefined);
  const error = compact({
    type: clip(
      errorType ?? (exception ? attrString(exception.attributes, "exception.type") : undefined),
      256,
    ),
    code: typeof code === "string" ? clip(code, 128) : code,
    message: clip(message, 4096),
  });
  const out: Record<string, unknown> = { outcome: "error" };
  if (Object.keys(error).length > 0) out.error = error;
  if (s.kind === SPAN_KIND.SERVER && numeric !== undefined && INVALID_CODES.has(numeric)) {
    out.outcome = "invalid";
    out.validation = { valid: false, errors: [clip(message ?? `JSON-RPC error ${numeric}`, 1024)] };
  } else if (numeric === TIMEOUT_CODE || /timeout/i.test(errorType ?? "")) {
    out.outcome = "timeout";
  }
  return out;
}
