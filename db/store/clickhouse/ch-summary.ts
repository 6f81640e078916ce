import { z } from "zod";
import { OUTCOMES } from "../../../lib/contract";
import { type ChFragment, chsql, joinSql } from "../../clickhouse/binder";
import type { ClickHouse } from "../../clickhouse/client";
import type { EventFilter, EventSummary } from "../types";
import { eventWhere } from "./ch-filter";

const int = z.coerce.number();

/** The overview's KPIs in one scan; `quantile` skips NULL durations like percentile_cont does. */
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
    p: z.union([z.number(), z.string(), z.null()]),
    ...Object.fromEntries(OUTCOMES.map((_, i) => [`o${i}`, int])),
  });
  const [row] = await ch.query(
    chsql`SELECT count() AS n, uniqExact(actor_id) AS a, sum(redaction_count) AS r,
          quantile(0.95)(duration_ms) AS p, ${perOutcome}
          FROM ${events} FINAL WHERE ${eventWhere(tenantId, filter)}`,
    shape,
  );
  const outcomes: EventSummary["outcomes"] = {};
  OUTCOMES.forEach((o, i) => {
    const n = Number((row as Record<string, unknown> | undefined)?.[`o${i}`] ?? 0);
    if (n > 0) outcomes[o] = n;
  });
  const p = row?.p === null || row?.p === undefined ? Number.NaN : Number(row.p);
  return {
    events: row?.n ?? 0,
    actors: row?.a ?? 0,
    outcomes,
    redactions: row?.r ?? 0,
    p95DurationMs: Number.isFinite(p) && (row?.n ?? 0) > 0 ? p : null,
  };
}
