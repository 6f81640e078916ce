import { type Migration, replacingTable } from "./context";

/**
 * Events, ordered for the dashboard's access paths (tenant, then time) in monthly partitions.
 * Times are Int64 epoch milliseconds on every server version, since 18.16 has no DateTime64.
 * Sharding by (tenant, id) keeps every copy of an id on one shard, where `FINAL` dedupes it.
 */
export const m0001: Migration = {
  version: 1,
  name: "events",
  statements: (ctx) =>
    replacingTable(
      ctx,
      "events",
      [
        "tenant_id String",
        "id String",
        "time_ms Int64",
        "received_at_ms Int64",
        "server_name String",
        "method String",
        "tool Nullable(String)",
        "actor_id String",
        "actor_type Nullable(String)",
        "client_name Nullable(String)",
        "agent_id Nullable(String)",
        "session_id Nullable(String)",
        "conversation_id Nullable(String)",
        "trace_id Nullable(String)",
        "outcome String",
        "verdict Nullable(String)",
        "policy_id Nullable(String)",
        "data_classification Nullable(String)",
        "error_type Nullable(String)",
        "duration_ms Nullable(Float64)",
        "result_bytes Nullable(Int64)",
        "redaction_count Int32",
        "args_hmac Nullable(String)",
        "ingest_key_id String",
        "writer_id String",
        "batch_seq Int64",
        "leaf_index Int32",
        "doc String",
      ].join(", "),
      // Small granules: a page's documents are read by key, and each key read decompresses a
      // granule of the wide `doc` column.
      "PARTITION BY toYYYYMM(toDateTime(intDiv(time_ms, 1000))) ORDER BY (tenant_id, time_ms, id) SETTINGS index_granularity = 1024",
      "cityHash64(tenant_id, id)",
    ),
};
