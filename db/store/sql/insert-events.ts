import { type SQL, sql } from "drizzle-orm";
import type { EventRow } from "../types";
import { projectText } from "./rows";

/**
 * One statement for any number of events: each column travels as a single array parameter and
 * `unnest` zips them, so a 5,000-row batch costs one round trip and 28 parameters, and values
 * never reach the SQL text. The raw benchmark baseline uses this same statement.
 */
const COLUMNS: [keyof EventRow, string, string][] = [
  ["tenantId", "tenant_id", "text"],
  ["id", "id", "text"],
  ["time", "time", "timestamptz"],
  ["receivedAt", "received_at", "timestamptz"],
  ["serverName", "server_name", "text"],
  ["method", "method", "text"],
  ["tool", "tool", "text"],
  ["actorId", "actor_id", "text"],
  ["actorType", "actor_type", "text"],
  ["clientName", "client_name", "text"],
  ["agentId", "agent_id", "text"],
  ["sessionId", "session_id", "text"],
  ["conversationId", "conversation_id", "text"],
  ["traceId", "trace_id", "text"],
  ["outcome", "outcome", "text"],
  ["verdict", "verdict", "text"],
  ["policyId", "policy_id", "text"],
  ["dataClassification", "data_classification", "text"],
  ["errorType", "error_type", "text"],
  ["durationMs", "duration_ms", "float8"],
  ["resultBytes", "result_bytes", "int8"],
  ["redactionCount", "redaction_count", "int4"],
  ["argsHmac", "args_hmac", "text"],
  ["ingestKeyId", "ingest_key_id", "text"],
  ["writerId", "writer_id", "text"],
  ["batchSeq", "batch_seq", "int8"],
  ["leafIndex", "leaf_index", "int4"],
  ["doc", "doc", "json"],
];

const columnList = COLUMNS.map(([, name]) => name).join(", ");

export function insertEventsQuery(rows: readonly EventRow[], onConflict: "nothing" | "fail"): SQL {
  const arrays = COLUMNS.map(([key, , type]) => {
    const values =
      type === "text"
        ? rows.map((r) => projectText(r[key] as string | null))
        : rows.map((r) => r[key]);
    return sql`${sql.param(values)}::${sql.raw(type)}[]`;
  });
  const conflict = onConflict === "nothing" ? sql` ON CONFLICT (tenant_id, id) DO NOTHING` : sql``;
  return sql`INSERT INTO events (${sql.raw(columnList)}) SELECT * FROM unnest(${sql.join(arrays, sql`, `)})${conflict} RETURNING id`;
}
