import { chsql } from "../../db/clickhouse/binder";
import type { ClickHouse } from "../../db/clickhouse/client";
import { REVIEW_SHAPE } from "./shape";

/** 0..count-1 skewed towards 0, as rows.ts draws it. */
const skewed = (count: number, salt: number) =>
  `toUInt64(floor(${count} * pow((cityHash64(number, ${salt}) % 4294967296) / 4294967296, 3)))`;
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(", ");

/**
 * The review benchmark's events generated inside ClickHouse (`INSERT … SELECT FROM numbers`, the
 * column order of bench/query/synthetic-clickhouse.ts), so ten million rows load in a minute or
 * two instead of crossing HTTP; distributions as rows.ts (the hash differs, the shape does not).
 * Every row carries a parseable document: the population reads each principal's latest event.
 */
export async function generateReviewEvents(
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
  const S = REVIEW_SHAPE;
  const n = `(number + ${o.offset})`;
  const time = `(${o.nowMs} - intDiv(${n} * ${S.spanMs}, ${o.total}) - cityHash64(number, 9) % 60000)`;
  const iso = `concat(replaceOne(toString(toDateTime(intDiv(t, 1000)), 'UTC'), ' ', 'T'), '.', substring(toString(1000 + t % 1000), 2, 3), 'Z')`;
  const k = S.keys.length;
  const sql = `
    INSERT INTO ${o.database}.events
    SELECT tenant_id, id, t AS time_ms, t AS received_at_ms, server_name, 'tools/call' AS method, tool,
      actor_id, actor_type, NULL AS client_name, NULL AS agent_id, session_id, NULL AS conversation_id, NULL AS trace_id,
      outcome, verdict, 'prod' AS policy_id, NULL AS data_classification,
      if(outcome = 'error', 'ToolError', NULL) AS error_type, duration_ms, NULL AS result_bytes,
      0 AS redaction_count, NULL AS args_hmac, key_id AS ingest_key_id,
      'bench' AS writer_id, intDiv(${n}, 1000) + 1 AS batch_seq, toInt32(${n} % 1000) AS leaf_index,
      concat('{"id":"', id, '","time":"', ${iso}, '","server":{"name":"', server_name,
        '"},"method":"tools/call","tool":"', tool, '","actor":{"id":"', actor_id,
        '","type":"', actor_type, '"},"session_id":"', session_id,
        '","arguments":{"path":"/srv/app/module-', toString(cityHash64(number, 10) % 300),
        '"},"outcome":"', outcome, '","decision":{"verdict":"', verdict,
        '","policy_id":"prod"},"duration_ms":', toString(duration_ms),
        ',"tenant_id":"', tenant_id, '","received_at":"', ${iso},
        '","ingest_key_id":"', key_id, '"}') AS doc
    FROM (
      SELECT number, '${o.tenant}' AS tenant_id, concat('evt-', toString(${n})) AS id, ${time} AS t,
        ${skewed(S.principals, 3)} AS p, (p * 7 + ${skewed(S.serversPerPrincipal, 1)}) % ${S.servers} AS s,
        ${skewed(S.toolsPerServer, 2)} AS v,
        concat('srv-', toString(s)) AS server_name, concat(server_name, '_t', toString(v)) AS tool,
        concat('p-', toString(p)) AS actor_id, if(p % 4 = 0, 'agent', 'user') AS actor_type,
        concat('s-', toString(intDiv(${n}, 20))) AS session_id,
        arrayElement([${quoted(S.outcomes)}], cityHash64(number, 6) % ${S.outcomes.length} + 1) AS outcome,
        if(outcome = 'denied', 'deny', 'allow') AS verdict,
        toFloat64(cityHash64(number, 11) % 20000) / 10 AS duration_ms,
        arrayElement([${quoted(S.keys)}], if(cityHash64(number, 7) % 10 = 0, (p + 1) % ${k}, p % ${k}) + 1) AS key_id
      FROM system.numbers LIMIT ${o.count}
    )`;
  await ch.command(chsql([sql]));
}
