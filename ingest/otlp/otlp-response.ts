import { type HttpResponse, json } from "../http/http-types";
import { type ProblemError, problem } from "../http/problem";
import type { OtlpFormat } from "./decode-otlp";
import { ExportTraceServiceResponse, RpcStatus } from "./otlp-proto";

/** OTLP/HTTP: JSON or binary protobuf, answered in the encoding of the request. */
export function otlpFormat(contentType: string | undefined): OtlpFormat {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json") return "otlp-json";
  if (type === "application/x-protobuf" || type === "application/protobuf") return "otlp-protobuf";
  throw problem(
    415,
    "unsupported-media-type",
    "Unsupported media type",
    `Content-Type ${type || "(none)"} is not an OTLP/HTTP encoding; send application/x-protobuf or application/json`,
  );
}

/** The encoding to answer in, also for errors raised before the body was looked at. */
export function responseFormat(contentType: string | undefined): OtlpFormat {
  try {
    return otlpFormat(contentType);
  } catch {
    return "otlp-json";
  }
}

const PROTO_HEADERS = {
  "content-type": "application/x-protobuf",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
};

/**
 * 200 with an ExportTraceServiceResponse; `partial_success` only when spans were rejected or
 * there is something to warn about, as the spec asks.
 */
export function exportResponse(
  format: OtlpFormat,
  partial: { rejectedSpans: number; errorMessage: string } | null,
  headers: Record<string, string>,
): HttpResponse {
  if (format === "otlp-json") {
    const body = partial
      ? {
          partialSuccess: {
            // int64 is a string in the protobuf JSON mapping.
            ...(partial.rejectedSpans > 0 ? { rejectedSpans: String(partial.rejectedSpans) } : {}),
            errorMessage: partial.errorMessage,
          },
        }
      : {};
    return json(200, body, headers);
  }
  const msg = ExportTraceServiceResponse.create(partial ? { partialSuccess: partial } : {});
  return {
    status: 200,
    headers: { ...PROTO_HEADERS, ...headers },
    body: ExportTraceServiceResponse.encode(msg).finish(),
  };
}

/** gRPC codes for the Status message the OTLP/HTTP spec puts in every 4xx and 5xx body. */
const GRPC_CODE: Record<number, number> = {
  400: 3, // INVALID_ARGUMENT
  401: 16, // UNAUTHENTICATED
  403: 7, // PERMISSION_DENIED
  404: 5, // NOT_FOUND
  405: 12, // UNIMPLEMENTED
  413: 8, // RESOURCE_EXHAUSTED
  415: 3,
  429: 8,
  500: 13, // INTERNAL
  503: 14, // UNAVAILABLE
};

/** A pipeline problem as an OTLP error: a google.rpc.Status body, same status and headers. */
export function errorResponse(format: OtlpFormat, p: ProblemError): HttpResponse {
  const status = {
    code: GRPC_CODE[p.problem.status] ?? 2,
    message: `${p.problem.title}: ${p.problem.detail}`,
  };
  const headers = { ...p.headers };
  if (format === "otlp-json") return json(p.problem.status, status, headers);
  return {
    status: p.problem.status,
    headers: { ...PROTO_HEADERS, ...headers },
    body: RpcStatus.encode(RpcStatus.create(status)).finish(),
  };
}
