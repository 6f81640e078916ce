import type { QuarantineRow, RowEncoding } from "../../db/store/types";
import { cutString, storable, validateEvent } from "../../lib/core/contract";
import { redactText } from "../../lib/core/redact";
import { type BodyFormat, decodeBody } from "../http/body";
import { refuseDeepJson } from "../http/body-depth";
import { decodeOtlp, isOtlpFormat, type OtlpFormat, type OtlpStats } from "../otlp/decode-otlp";
import { type PreparedEvent, prepareEvent, type TenantContext } from "./prepare";

export type Rejection = { index: number; id?: string; errors: { path: string; message: string }[] };

/** Everything the CPU-heavy part of a request needs; plain data, so it can go to a worker. */
export type BatchJob = {
  body: Uint8Array;
  format: BodyFormat | OtlpFormat;
  maxBatchEvents: number;
  maxEventBytes: number;
  keyId: string;
  keyServers: string[] | null;
  receivedAt: string;
  requestId: string;
  /** The store's `rowEncoding`: rows are encoded here, on the worker. */
  rowEncoding: RowEncoding | null;
};

export type BatchResult = {
  prepared: PreparedEvent[];
  rejected: Rejection[];
  quarantine: QuarantineRow[];
  outOfScope: number[];
  count: number;
  /** OTLP requests: what became of their spans. */
  otlp?: OtlpStats;
};

const QUARANTINE_RAW_CHARS = 8192;

/** Decodes, validates, redacts and hashes one request's events; invalid ones become quarantine rows. */
export function prepareBatch(job: BatchJob, ctx: TenantContext): BatchResult {
  const buf = Buffer.from(job.body.buffer, job.body.byteOffset, job.body.byteLength);
  refuseDeepJson(buf, job.format);
  // OTLP spans become contract events here and then take exactly the native path below.
  const otlp = isOtlpFormat(job.format) ? decodeOtlp(buf, job.format, job.maxBatchEvents) : null;
  const items = otlp ? otlp.items : decodeBody(buf, job.format as BodyFormat, job.maxBatchEvents);
  const out: BatchResult = {
    prepared: [],
    rejected: [],
    quarantine: [],
    outOfScope: [],
    count: items.length,
    ...(otlp ? { otlp: otlp.stats } : {}),
  };
  const quarantine = (
    index: number,
    text: string,
    bytes: number,
    id: string | null,
    errors: Rejection["errors"],
  ) => {
    out.rejected.push({ index, ...(id ? { id } : {}), errors });
    out.quarantine.push({
      tenantId: ctx.tenantId,
      receivedAt: job.receivedAt,
      ingestKeyId: job.keyId,
      requestId: job.requestId,
      eventIndex: index,
      eventId: id,
      // Every store must take the row whatever was sent (a reason may quote a member name).
      errors: errors.map((e) => ({ path: storable(e.path), message: storable(e.message) })),
      // Hostile input may carry the very secrets redaction exists for: the kept copy is redacted too.
      raw: storable(redactText(cutString(text, QUARANTINE_RAW_CHARS), ctx.redaction).text),
      rawBytes: bytes,
    });
  };
  for (const [index, item] of items.entries()) {
    const text = () => item.text ?? JSON.stringify(item.ok ? item.value : null) ?? "";
    if (!item.ok) {
      quarantine(index, item.text, item.bytes, null, [{ path: "", message: item.error }]);
      continue;
    }
    const v = validateEvent(item.value, item.bytes, { eventBytes: job.maxEventBytes });
    if (!v.ok) {
      quarantine(index, text(), item.bytes, v.id, v.errors);
      continue;
    }
    if (job.keyServers && !job.keyServers.includes(v.event.server.name)) {
      out.outOfScope.push(index);
      quarantine(index, text(), item.bytes, v.event.id, [
        {
          path: "server.name",
          message: `server "${v.event.server.name}" is not allowed for ingest key ${job.keyId}`,
        },
      ]);
      continue;
    }
    out.prepared.push(
      prepareEvent(
        v.event,
        v.truncated,
        ctx,
        job.keyId,
        job.receivedAt,
        job.rowEncoding,
        v.replaced,
      ),
    );
  }
  return out;
}
