import { z } from "zod";
import { chsql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import { list } from "./ch-filter";
import { type EventLine, parseEventLine } from "./ch-row-text";
import type { ChTables } from "./ch-tenant-store";

/**
 * Replaying a commit whose outcome is unknown (a timeout, a crash after the insert) must not
 * insert an event row twice: `FINAL` would hide the copy from reads, but the rollups'
 * materialized views would count it twice. So a replay first waits for this writer's inserts
 * that the server may still be running, then splits the rows into those the server lacks (to
 * insert) and those it has: an insert cut off by a crash may have written the events but not
 * their views, so the caller repairs what derives from those (event ids, rollup hours).
 */
export async function splitReplay(
  ch: ClickHouse,
  t: ChTables,
  lines: readonly string[],
  insertIdPrefix: string,
): Promise<{ missing: string[]; stored: EventLine[] }> {
  await awaitInsertsInFlight(ch, insertIdPrefix);
  const rows = lines.map((line) => ({ line, row: parseEventLine(line) }));
  const byTenant = new Map<string, EventLine[]>();
  for (const { row } of rows)
    byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row]);
  const stored = new Set<string>();
  for (const [tenantId, tenantRows] of byTenant) {
    for (let i = 0; i < tenantRows.length; i += 1000) {
      const chunk = tenantRows.slice(i, i + 1000);
      const times = chunk.map((r) => r.time_ms);
      // The time range lets the primary key (tenant, time, id) find the rows directly.
      const found = await ch.query(
        chsql`SELECT DISTINCT id FROM ${t.events} WHERE tenant_id = ${tenantId}
              AND time_ms >= ${Math.min(...times)} AND time_ms <= ${Math.max(...times)}
              AND id IN ${list(chunk.map((r) => r.id))}`,
        z.object({ id: z.string() }),
      );
      for (const f of found) stored.add(`${tenantId}\u0000${f.id}`);
    }
  }
  const has = (r: EventLine) => stored.has(`${r.tenant_id}\u0000${r.id}`);
  return {
    missing: rows.filter(({ row }) => !has(row)).map(({ line }) => line),
    stored: rows.filter(({ row }) => has(row)).map(({ row }) => row),
  };
}

async function awaitInsertsInFlight(ch: ClickHouse, prefix: string): Promise<void> {
  for (const deadline = Date.now() + 60_000; ; ) {
    const [row] = await ch.query(
      chsql`SELECT count() AS n FROM system.processes WHERE substring(query_id, 1, ${prefix.length}) = ${prefix}`,
      z.object({ n: z.coerce.number() }),
    );
    if (!row || row.n === 0) return;
    if (Date.now() > deadline)
      throw new Error("an earlier insert of this writer is still running on ClickHouse");
    await new Promise((r) => setTimeout(r, 100));
  }
}
