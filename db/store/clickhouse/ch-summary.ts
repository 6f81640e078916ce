import { z } from "zod";
import { OUTCOMES } from "../../../lib/contract";
import { type ChFragment, chsql, joinSql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import { p95FromValue, p95Rank } from "../duration-buckets";
import type { EventFilter, EventSummary } from "../types";
import { eventWhere } from "./ch-filter";

const int = z.coerce.number();

/**
 * The overview's KPIs: one scan for the counts, then (when there are durations) one for the p95.
 * p95 is defined by the shared histogram scheme (db/store/duration-buckets.ts): the bucket of the
 * nearest-rank value, which the SQL stores find from bucket counts. Here the exact nearest-rank
 * value is read instead (`quantileExact` takes the element at index floor(level * m) of the m
 * durations, so level (rank - 0.5) / m selects rank - 1 exactly), and bucketed in TypeScript:
 * the same number, without bucketing every row against 431 thresholds.
 */
export async function chSummarize(
  ch: ClickHouse,
  events: ChFragment,
  tenantId: string,
  filter: EventFilter,
): Promise<EventSummary> {
  const perOutcome = joinSql(
    OUTCOMES.map((o, i) => chsql([`countIf(outcome = '${o}') AS o${i}`])),
    chsql`, `,
  );
  const shape = z.object({
    n: int,
    a: int,
    r: int,
    m: int,
    ...Object.fromEntries(OUTCOMES.map((_, i) => [`o${i}`, int])),
  });
  const [row] = await ch.query(
    chsql`SELECT count() AS n, uniqExact(actor_id) AS a, sum(redaction_count) AS r,
          count(duration_ms) AS m, ${perOutcome}
          FROM ${events} FINAL WHERE ${eventWhere(tenantId, filter)}`,
    shape,
  );
  const outcomes: EventSummary["outcomes"] = {};
  OUTCOMES.forEach((o, i) => {
    const n = Number((row as Record<string, unknown> | undefined)?.[`o${i}`] ?? 0);
    if (n > 0) outcomes[o] = n;
  });
  return {
    events: row?.n ?? 0,
    actors: row?.a ?? 0,
    outcomes,
    redactions: row?.r ?? 0,
    p95DurationMs: p95FromValue(await nearestRankP95(ch, events, tenantId, filter, row?.m ?? 0)),
  };
}

async function nearestRankP95(
  ch: ClickHouse,
  events: ChFragment,
  tenantId: string,
  filter: EventFilter,
  m: number,
): Promise<number | null> {
  if (m === 0) return null;
  const level = (p95Rank(m) - 0.5) / m;
  if (!(level > 0 && level < 1)) throw new Error(`p95 level out of range: ${level}`);
  // An aggregate's parameter must be a literal; `level` is a number computed here, not input.
  const [row] = await ch.query(
    chsql`SELECT ${chsql([`quantileExact(${level})`])}(duration_ms) AS v
          FROM ${events} FINAL WHERE ${eventWhere(tenantId, filter)}`,
    z.object({ v: z.union([z.number(), z.string()]) }),
  );
  const v = Number(row?.v);
  return Number.isFinite(v) ? v : null;
}
