import { chsql } from "../../db/clickhouse/binder";
import type { ClickHouse } from "../../db/clickhouse/client";
import { SHAPE } from "./synthetic-shape";

const pick = (values: readonly string[], salt: number) =>
  `arrayElement([${quoted(values)}], cityHash64(number, ${salt}) % ${values.length} + 1)`;

/** 0..count-1 skewed towards 0, as synthetic-rows.ts draws it. */
const skewed = (count: number, salt: number) =>
  `toUInt64(floor(${count} * pow((cityHash64(number, ${salt}) % 4294967296) / 4294967296, 3)))`;
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

/**
 * Generates events inside ClickHouse (`INSERT … SELECT FROM numbers`), so ten million rows load
 * in seconds instead of crossing HTTP as JSON; the distributions match synthetic-rows.ts, and
 * every row carries a parseable document, so reads do the same work as on ingested events.
 * The inserted rows pass through the materialized views like any insert.
 */
export async function generateInClickHouse(
  ch: ClickHouse,
  o: {
    database: string;
    tenant: string;
    offset: number;
    count: number;
    total: number;
    nowMs: number;
  },
): Promise<void> {
  if (!/^[a-z_]+$/.test(o.database) || !/^[a-z-]+$/.test(o.tenant)) throw new Error("bad name");
  const n = `(number + ${o.offset})`;
  const time = `(${o.nowMs} - intDiv(${n} * ${SHAPE.spanMs}, ${o.total}) - cityHash64(number, 9) % 60000)`;
  const iso = `concat(replaceOne(toString(toDateTime(intDiv(t, 1000)), 'UTC'), ' ', 'T'), '.', substring(toString(1000 + t % 1000), 2, 3), 'Z')`;
  const sql = `
    INSERT INTO ${o.database}.events
    SELECT tenant_id, id, t AS time_ms, t AS received_at_ms, server_name, 'tools/call' AS method, tool,
      actor_id, 'user' AS actor_type, client_name, agent_id, session_id, NULL AS conversation_id, trace_id,
      outcome, verdict, 'prod-policy' AS policy_id, classification AS data_classification,
      if(outcome = 'error', 'ToolError', NULL) AS error_type, duration_ms, NULL AS result_bytes,
      toInt32(cityHash64(number, 8) % 50 = 0) AS redaction_count, NULL AS args_hmac, 'k' AS ingest_key_id,
      'bench' AS writer_id, intDiv(${n}, 1000) + 1 AS batch_seq, toInt32(${n} % 1000) AS leaf_index,
      concat('{"id":"', id, '","time":"', ${iso}, '","server":{"name":"', server_name,
        '"},"method":"tools/call","tool":"', tool, '","actor":{"id":"', actor_id,
        '","type":"user"},"client":{"name":"', ifNull(client_name, 'none'), '"},"session_id":"', session_id,
        '","trace_id":"', trace_id, '","arguments":{"path":"/srv/app/src/module-', toString(cityHash64(number, 10) % 300),
        '/index.ts","options":{"recursive":true,"limit":100}},"outcome":"', outcome,
        '","decision":{"verdict":"', verdict, '","policy_id":"prod-policy"},"duration_ms":', toString(duration_ms),
        ',"data_classification":"', classification, '","tenant_id":"', tenant_id, '","received_at":"', ${iso},
        '","ingest_key_id":"k"}') AS doc
    FROM (
      SELECT number, '${o.tenant}' AS tenant_id, concat('evt-', toString(${n})) AS id, ${time} AS t,
        ${skewed(SHAPE.servers.length, 1)} AS s, ${skewed(SHAPE.verbs.length, 2)} AS v,
        arrayElement([${quoted(SHAPE.servers)}], s + 1) AS server_name,
        concat(server_name, '_', arrayElement([${quoted(SHAPE.verbs)}], v + 1)) AS tool,
        concat('user-', toString(${skewed(SHAPE.actors, 3)})) AS actor_id,
        if(cityHash64(number, 4) % 5 = 0, NULL, ${pick(SHAPE.clients, 4)}) AS client_name,
        concat('agent-', toString(cityHash64(number, 5) % ${SHAPE.agents})) AS agent_id,
        concat('s-', toString(intDiv(${n}, 20))) AS session_id, concat('t-', toString(intDiv(${n}, 5))) AS trace_id,
        ${pick(SHAPE.outcomes, 6)} AS outcome, if(outcome = 'denied', 'deny', 'allow') AS verdict,
        arrayElement([${quoted(SHAPE.classifications)}], (s * 6 + v) % ${SHAPE.classifications.length} + 1) AS classification, toFloat64(cityHash64(number, 11) % 20000) / 10 AS duration_ms
      FROM system.numbers LIMIT ${o.count}
    )`;
  await ch.command(chsql([sql]));
}
