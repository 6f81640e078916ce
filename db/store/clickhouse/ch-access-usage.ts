import { z } from "zod";
import { type ChFragment, chsql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import { type AccessUsageQuery, type AccessUsageRow, sortAccessUsage } from "../access-usage-types";
import { eventWhere } from "./ch-filter";

const int = z.coerce.number();
const row = z.object({
  principal: z.string(),
  server_key: z.string(),
  tool_key: z.string(),
  actor_kind: z.string(),
  first_ms: int,
  last_ms: int,
  calls: int,
  denials: int,
  sources: z.array(z.string()),
});

/**
 * The SQL store's answer on ClickHouse, in one scan with `FINAL`: functions that exist on 18.16
 * (argMaxIf, countIf, groupUniqArray).
 */
export async function chAccessUsage(
  ch: ClickHouse,
  table: ChFragment,
  tenantId: string,
  q: AccessUsageQuery,
): Promise<AccessUsageRow[]> {
  const from = q.from.getTime();
  const rows = await ch.query(
    // Aliases differ from the column names: ClickHouse lets WHERE see aliases, and `tool` as
    // assumeNotNull(tool) would make the null test always true.
    chsql`SELECT actor_id AS principal, server_name AS server_key, assumeNotNull(tool) AS tool_key,
        argMaxIf(assumeNotNull(actor_type), time_ms, isNotNull(actor_type)) AS actor_kind,
        min(time_ms) AS first_ms, max(time_ms) AS last_ms,
        countIf(time_ms >= ${from}) AS calls,
        countIf(time_ms >= ${from} AND outcome = 'denied') AS denials,
        arraySort(groupUniqArray(ingest_key_id)) AS sources
      FROM ${table} FINAL
      WHERE ${eventWhere(tenantId, { to: q.to, activity: "mcp" })} AND isNotNull(tool)
      GROUP BY principal, server_key, tool_key`,
    row,
  );
  return sortAccessUsage(
    rows.map((r) => ({
      principal: r.principal,
      server: r.server_key,
      tool: r.tool_key,
      actorType: r.actor_kind === "" ? null : r.actor_kind,
      firstSeen: new Date(r.first_ms),
      lastUsed: new Date(r.last_ms),
      calls: r.calls,
      denials: r.denials,
      sources: r.sources,
    })),
  );
}
