import { z } from "zod";
import { type ChFragment, chsql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";

/**
 * `ALTER TABLE … DELETE` on the table that holds the rows (the `_local` table of a cluster, on
 * every node), then waits: older servers have no synchronous mutations, so the caller would
 * otherwise read rows that are about to go.
 */
export async function deleteWhere(
  ch: ClickHouse,
  table: ChFragment,
  onCluster: ChFragment,
  where: ChFragment,
): Promise<void> {
  await ch.command(chsql`ALTER TABLE ${table}${onCluster} DELETE WHERE ${where}`);
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const [row] = await ch.query(
      chsql`SELECT count() AS n FROM system.mutations WHERE is_done = 0`,
      z.object({ n: z.coerce.number() }),
    );
    if (!row || row.n === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("ClickHouse did not finish deleting in time; run the operation again");
}
