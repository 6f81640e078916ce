import type { EventV1 } from "./event-v1";

/**
 * An event as stored and read back: the client's validated event after server-side trimming and
 * redaction, plus fields only the server may set. This is the document the integrity chain hashes
 * (minus `integrity`, which places it in the chain) and what `tooltrail events` prints.
 */
export type StoredEvent = EventV1 & {
  tenant_id: string;
  /** ISO 8601 UTC with milliseconds, set by the ingest server. */
  received_at: string;
  ingest_key_id: string;
  /**
   * HMAC-SHA256 (hex) of the canonical JSON of the arguments as received, keyed per tenant, so
   * identical calls correlate without anyone seeing the values. Absent when there are no arguments.
   */
  args_hmac?: string;
  /** Paths of string fields that were trimmed to their documented maximum. */
  truncated?: string[];
  /**
   * Fields with strings (values or member names) in which U+FFFD replaced what no store can hold:
   * lone UTF-16 surrogates and NUL. Exact paths, except `arguments` and `labels` as a whole.
   */
  replaced?: string[];
  integrity?: EventPlacement;
};

/** Where an event sits in the tamper-evident chain. */
export type EventPlacement = {
  writer_id: string;
  batch_seq: number;
  leaf_index: number;
};

/** Server-added keys a client may not send. */
export const SERVER_FIELDS = [
  "tenant_id",
  "received_at",
  "ingest_key_id",
  "args_hmac",
  "truncated",
  "replaced",
  "integrity",
] as const;
