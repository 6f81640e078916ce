import { type SQL, sql } from "drizzle-orm";
import { events } from "../../schema";
import { type AccessUsageQuery, type AccessUsageRow, sortAccessUsage } from "../access-usage-types";
import { type Db, queryRows } from "./database";
import { eventConditions } from "./event-filter";

const date = (v: string | Date) => (v instanceof Date ? v : new Date(v));

/**
 * One scan of the tenant's MCP tool calls before `to` (Tooltrail's own events excluded), grouped
 * by actor, server and tool.
 */
export async function sqlAccessUsage(
  db: Db,
  tenantId: string,
  q: AccessUsageQuery,
): Promise<AccessUsageRow[]> {
  const where: SQL = sql`${eventConditions(tenantId, { to: q.to, activity: "mcp" })} AND ${events.tool} IS NOT NULL`;
  const inPeriod = sql`${events.time} >= ${q.from}`;
  const rows = await queryRows<{
    principal: string;
    server: string;
    tool: string;
    actor_type: string | null;
    first_seen: string | Date;
    last_used: string | Date;
    calls: string | number;
    denials: string | number;
    sources: string[];
  }>(
    db,
    sql`SELECT ${events.actorId} AS principal, ${events.serverName} AS server, ${events.tool} AS tool,
          (array_agg(${events.actorType} ORDER BY ${events.time} DESC) FILTER (WHERE ${events.actorType} IS NOT NULL))[1] AS actor_type,
          min(${events.time}) AS first_seen, max(${events.time}) AS last_used,
          count(*) FILTER (WHERE ${inPeriod})::bigint AS calls,
          count(*) FILTER (WHERE ${inPeriod} AND ${events.outcome} = 'denied')::bigint AS denials,
          array_agg(DISTINCT ${events.ingestKeyId} ORDER BY ${events.ingestKeyId}) AS sources
        FROM ${events} WHERE ${where}
        GROUP BY ${events.actorId}, ${events.serverName}, ${events.tool}
`,
  );
  return sortAccessUsage(
    rows.map((r) => ({
      principal: r.principal,
      server: r.server,
      tool: r.tool,
      actorType: r.actor_type ?? null,
      firstSeen: date(r.first_seen),
      lastUsed: date(r.last_used),
      calls: Number(r.calls),
      denials: Number(r.denials),
      sources: r.sources,
    })),
  );
}
