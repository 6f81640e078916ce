import { type Migration, replacingTable } from "./context";

/** Sealed batches (one row per batch; leaves as hex) and quarantined events. */
export const m0002: Migration = {
  version: 2,
  name: "integrity_and_quarantine",
  statements: (ctx) => [
    ...replacingTable(
      ctx,
      "integrity_batches",
      "tenant_id String, writer_id String, seq Int64, header String, header_hash String, signature String, key_id String, count Int32, leaves String, event_ids String, created_at_ms Int64",
      "ORDER BY (tenant_id, writer_id, seq)",
      "cityHash64(tenant_id, writer_id)",
    ),
    ...replacingTable(
      ctx,
      "quarantine",
      "tenant_id String, seq Int64, received_at_ms Int64, ingest_key_id String, request_id String, event_index Int32, event_id Nullable(String), errors String, raw String, raw_bytes Int32",
      "PARTITION BY toYYYYMM(toDateTime(intDiv(received_at_ms, 1000))) ORDER BY (tenant_id, request_id, event_index)",
      "cityHash64(tenant_id, request_id)",
    ),
  ],
};
