import { createEventsHandler, type EventsHandlerDeps } from "../http/events-handler";
import type { HttpRequest, HttpResponse } from "../http/http-types";
import { toProblem } from "../http/problem";
import type { BatchResult } from "../prepare/prepare-batch";
import { errorResponse, exportResponse, otlpFormat, responseFormat } from "./otlp-response";
import type { SpanTallies } from "./span-tallies";

/** Rejections listed by name in a partial-success message; the count is always exact. */
const LISTED_REJECTIONS = 10;

/**
 * POST /v1/traces (OTLP/HTTP): the events handler's pipeline (key auth, TLS rule, body limits,
 * rate limit, prepare pool, group commit or spool) with OTLP's encodings and answers.
 */
export function createOtlpHandler(d: EventsHandlerDeps & { tallies: SpanTallies }) {
  const inner = createEventsHandler(d, {
    format: otlpFormat,
    respond({ batch, result, job, key }) {
      const stats = batch.otlp;
      const format = job.format === "otlp-protobuf" ? "otlp-protobuf" : "otlp-json";
      const dropped = stats?.dropped ?? 0;
      d.tallies.add(
        {
          tenantId: key.tenantId,
          ingestKeyId: key.id,
          spans: stats?.spans ?? 0,
          events: result.accepted + result.duplicates,
          dropped,
          rejected: batch.rejected.length,
        },
        new Date(job.receivedAt),
      );
      const message = partialMessage(batch);
      return exportResponse(
        format,
        message ? { rejectedSpans: batch.rejected.length, errorMessage: message } : null,
        {
          "x-request-id": job.requestId,
          "x-tooltrail-accepted": String(result.accepted),
          "x-tooltrail-duplicates": String(result.duplicates),
          "x-tooltrail-dropped-spans": String(dropped),
          ...(result.spooled ? { "x-tooltrail-spooled": "true" } : {}),
        },
      );
    },
  });
  return async function handleTraces(req: HttpRequest): Promise<HttpResponse> {
    try {
      return await inner(req);
    } catch (err) {
      // Our errors answer as OTLP Status bodies; a bug goes on to the router's 500.
      const p = toProblem(err);
      if (p) return errorResponse(responseFormat(req.header("content-type")), p);
      throw err;
    }
  };
}

/** Rejected spans with their reasons, then what was not stored on purpose (a warning). */
function partialMessage(batch: BatchResult): string {
  const parts: string[] = [];
  const rejected = batch.rejected;
  if (rejected.length > 0) {
    const listed = rejected.slice(0, LISTED_REJECTIONS).map((r) => {
      const why = r.errors.map((e) => (e.path ? `${e.path} ${e.message}` : e.message)).join(", ");
      return r.id ? `${r.id}: ${why}` : why;
    });
    const more = rejected.length - listed.length;
    parts.push(
      `${rejected.length} span(s) rejected (kept in quarantine): ${listed.join("; ")}${more > 0 ? `; and ${more} more` : ""}`,
    );
  }
  const s = batch.otlp;
  if (s && s.dropped > 0)
    parts.push(`${s.dropped} span(s) are not MCP or tool activity and were not stored`);
  return parts.join(". ");
}
