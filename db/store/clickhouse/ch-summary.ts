import { z } from "zod";
import { OUTCOMES } from "../../../lib/core/contract";
import { type ChFragment, chsql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import { p95FromHistogram } from "../duration-buckets";
import { planTiers } from "../rollups";
import type { EventFilter, EventSummary } from "../types";
import { chDurationBucket } from "./ch-duration-bucket";
import { chRawEvents } from "./ch-raw-source";
import type { ChTables } from "./ch-tenant-store";
import { CH_COUNT_ROLLUPS, CH_DURATION_ROLLUPS, chTierUnion } from "./ch-tiers";

const int = z.coerce.number();

/**
 * The overview's KPIs, each figure planned on its own like the SQL stores do
 * (db/store/sql/summary-reads.ts), over whole hours of the rollups and raw edges: calls,
 * outcomes and redactions summed, distinct actors as those with calls, and p95 from duration
 * histograms (migration 5) plus raw rows bucketed by the same scheme (ch-duration-bucket.ts), so
 * the number is identical to the SQL stores'.
 */
export async function chSummarize(
  ch: ClickHouse,
  t: ChTables,
  tenantId: string,
  f: EventFilter,
): Promise<EventSummary> {
  const union = (
    needed: Parameters<typeof planTiers>[1],
    catalog: typeof CH_COUNT_ROLLUPS,
    rollup: (table: ChFragment, where: ChFragment) => ChFragment,
    raw: (where: ChFragment) => ChFragment,
  ) => chTierUnion(t, tenantId, f, planTiers(f, needed, catalog), rollup, raw);
  const counts = union(
    ["outcome"],
    CH_COUNT_ROLLUPS,
    (table, where) =>
      chsql`SELECT outcome AS o, toUInt64(sum(n)) AS n, toInt64(sum(redactions)) AS r FROM ${table} WHERE ${where} GROUP BY o`,
    (where) =>
      chsql`SELECT outcome AS o, toUInt64(count()) AS n, toInt64(sum(redaction_count)) AS r FROM ${chRawEvents(t, f)} WHERE ${where} GROUP BY o`,
  );
  const actors = union(
    ["actor"],
    CH_COUNT_ROLLUPS,
    // Summed per actor, not tested per row: MCP-only rows are netted (ch-own-correction.ts).
    (table, where) => chsql`SELECT actor_id AS a, toInt64(n) AS n FROM ${table} WHERE ${where}`,
    (where) =>
      chsql`SELECT actor_id AS a, toInt64(1) AS n FROM ${chRawEvents(t, f)} WHERE ${where}`,
  );
  const bucket = chsql([chDurationBucket("assumeNotNull(duration_ms)")]);
  const durations = union(
    [],
    CH_DURATION_ROLLUPS,
    (table, where) =>
      chsql`SELECT bucket AS b, toUInt64(sum(n)) AS n FROM ${table} WHERE ${where} GROUP BY b`,
    (where) =>
      chsql`SELECT ${bucket} AS b, toUInt64(count()) AS n FROM ${chRawEvents(t, f)}
            WHERE ${where} AND isNotNull(duration_ms) GROUP BY b`,
  );
  const [perOutcome, distinct, hist] = await Promise.all([
    counts
      ? ch.query(
          chsql`SELECT o, sum(n) AS n, sum(r) AS r FROM (${counts}) GROUP BY o`,
          z.object({ o: z.string(), n: int, r: int }),
        )
      : [],
    actors
      ? ch.query(
          chsql`SELECT count() AS a FROM (SELECT a FROM (${actors}) GROUP BY a HAVING sum(n) > 0)`,
          z.object({ a: int }),
        )
      : [],
    durations
      ? ch.query(
          chsql`SELECT b, sum(n) AS n FROM (${durations}) GROUP BY b`,
          z.object({ b: int, n: int }),
        )
      : [],
  ]);
  const outcomes: EventSummary["outcomes"] = {};
  let events = 0;
  let redactions = 0;
  for (const { o, n, r } of perOutcome) {
    events += n;
    redactions += r;
    if ((OUTCOMES as readonly string[]).includes(o) && n > 0)
      outcomes[o as keyof EventSummary["outcomes"]] = n;
  }
  return {
    events,
    actors: distinct[0]?.a ?? 0,
    outcomes,
    redactions,
    p95DurationMs: p95FromHistogram(hist.map((h) => [h.b, h.n] as const)),
  };
}
