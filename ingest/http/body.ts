import { createGunzip } from "node:zlib";
import type { BodyReservation } from "./body-budget";
import { ProblemError, problem } from "./problem";

/** One decoded element of a request body, with what is needed to validate or quarantine it. */
export type BodyItem =
  | { ok: true; value: unknown; bytes: number; text: string | null }
  | { ok: false; error: string; bytes: number; text: string };

export type BodyFormat = "json" | "ndjson";

export function bodyFormat(contentType: string | undefined): BodyFormat {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type === "") return "json";
  if (
    type === "application/x-ndjson" ||
    type === "application/ndjson" ||
    type === "application/jsonl"
  ) {
    return "ndjson";
  }
  throw problem(
    415,
    "unsupported-media-type",
    "Unsupported media type",
    `Content-Type ${type} is not accepted; send application/json (one event or an array) or application/x-ndjson`,
  );
}

/**
 * Reads the body, then inflates gzip with an output cap, so a compressed bomb costs at most the
 * limit in memory. Every byte buffered, compressed or inflated, is covered by the request's
 * reservation in the in-flight budget as it arrives, whatever the framing. On overflow it stops
 * reading without destroying the request, so the 413 or 503 answer still reaches the client
 * (sendResponse then discards the rest for a short while and closes the connection).
 */
export async function readBody(
  body: AsyncIterable<Uint8Array>,
  encoding: string | undefined,
  maxBytes: number,
  reservation: BodyReservation,
): Promise<Buffer> {
  const enc = (encoding ?? "identity").trim().toLowerCase();
  if (enc !== "identity" && enc !== "gzip") {
    throw problem(
      415,
      "unsupported-encoding",
      "Unsupported content encoding",
      `Content-Encoding ${enc} is not accepted; use gzip or none`,
    );
  }
  const raw = await readAtMost(body, maxBytes, reservation);
  if (enc === "identity") return raw;
  const inflated = await inflate(raw, maxBytes, reservation);
  // The compressed bytes are no longer needed; the reservation keeps covering what stays.
  reservation.settle(inflated.byteLength);
  return inflated;
}

const BODY_INCOMPLETE = "body-incomplete";

/** The client went away mid-body: nobody is left to answer, and nothing is wrong here. */
export function isClientAbort(err: unknown): boolean {
  return (
    err instanceof ProblemError && err.problem.type === `urn:tooltrail:problem:${BODY_INCOMPLETE}`
  );
}

async function readAtMost(
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
  reservation: BodyReservation,
): Promise<Buffer> {
  // Not a for-await loop: leaving one destroys the request, and with it the answer.
  const iterator = body[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await iterator.next();
    } catch {
      throw problem(
        400,
        BODY_INCOMPLETE,
        "Body not received",
        "the connection failed before the whole body arrived; nothing from it was acknowledged",
      );
    }
    if (next.done) break;
    const value = next.value;
    size += value.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    reservation.cover(size);
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, size);
}

async function inflate(
  raw: Buffer,
  maxBytes: number,
  reservation: BodyReservation,
): Promise<Buffer> {
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    gunzip.end(raw);
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      size += chunk.byteLength;
      if (size > maxBytes) throw tooLarge(maxBytes);
      // Until inflation ends, the compressed body and its output are both in memory.
      reservation.cover(raw.byteLength + size);
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof ProblemError) throw err;
    throw problem(
      400,
      "bad-gzip",
      "Body is not valid gzip",
      "Content-Encoding says gzip but the body could not be inflated",
    );
  }
  return Buffer.concat(chunks, size);
}

function tooLarge(maxBytes: number) {
  return problem(
    413,
    "body-too-large",
    "Request body too large",
    `the decoded body exceeds ${maxBytes} bytes; send fewer events per request`,
  );
}

/**
 * JSON bodies hold one event or an array; NDJSON bodies hold one event per line, and a line that
 * does not parse rejects only that event. 400 only when the body as a whole is unusable.
 */
export function decodeBody(buf: Buffer, format: BodyFormat, maxEvents: number): BodyItem[] {
  const text = buf.toString("utf8");
  if (format === "ndjson") {
    const items: BodyItem[] = [];
    for (const line of text.split("\n")) {
      const trimmed = line.endsWith("\r") ? line.slice(0, -1) : line;
      if (trimmed.trim() === "") continue;
      const bytes = Buffer.byteLength(trimmed);
      try {
        items.push({ ok: true, value: JSON.parse(trimmed), bytes, text: trimmed });
      } catch (err) {
        items.push({
          ok: false,
          error: `line is not valid JSON: ${(err as Error).message}`,
          bytes,
          text: trimmed,
        });
      }
      if (items.length > maxEvents) throw tooMany(maxEvents);
    }
    if (items.length === 0) throw emptyBody();
    return items;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw problem(400, "malformed-json", "Body is not valid JSON", (err as Error).message);
  }
  const values = Array.isArray(parsed) ? parsed : [parsed];
  if (values.length === 0) throw emptyBody();
  if (values.length > maxEvents) throw tooMany(maxEvents);
  if (values.length === 1 && !Array.isArray(parsed)) {
    return [{ ok: true, value: parsed, bytes: buf.byteLength, text }];
  }
  return values.map((value) => ({
    ok: true,
    value,
    bytes: Buffer.byteLength(JSON.stringify(value) ?? ""),
    text: null,
  }));
}

function tooMany(max: number) {
  return problem(
    413,
    "too-many-events",
    "Too many events",
    `a request may carry at most ${max} events`,
  );
}

function emptyBody() {
  return problem(400, "empty-body", "No events", "the body holds no events");
}
