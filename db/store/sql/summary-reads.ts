import { type SQL, sql } from "drizzle-orm";
import { OUTCOMES } from "../../../lib/core/contract";
import { events } from "../../schema/events";
import { p95FromHistogram } from "../duration-buckets";
import { planTiers, type TierPlan } from "../rollups";
import type { EventFilter, EventSummary } from "../types";
import type { Db } from "./database";
import { RAW, rawRead } from "./raw-batch";
import {
  type RollupBranch,
  rawTimeWhere,
  SQL_COUNT_ROLLUPS,
  SQL_DURATION_ROLLUPS,
  tierBranches,
} from "./tier-parts";
import { jsonRows, rawParts } from "./tiered-reads";

type N = string | number;

/**
 * The overview's KPIs. Each figure is planned on its own (db/store/tiers.ts): calls, outcomes and
 * redactions from the smallest count rollup with the filter's dimensions, distinct actors from the
 * actor rollups (actors with calls over days, hours and raw edges), and p95 from the duration
 * histograms (unfiltered reads) or from raw rows bucketed the same way
 * (db/store/duration-buckets.ts). Raw rows are read once for all (raw-batch.ts).
 */
export async function sqlSummarize(db: Db, tenantId: string, f: EventFilter) {
  const counts = planTiers(f, ["outcome"], SQL_COUNT_ROLLUPS);
  const actors = planTiers(f, ["actor"], SQL_COUNT_ROLLUPS);
  const durations = planTiers(f, [], SQL_DURATION_ROLLUPS);
  const read = (plan: TierPlan, cols: Parameters<typeof rawRead>[4], output: SQL) =>
    plan.parts.length === 0
      ? Promise.resolve(null)
      : rawRead(db, tenantId, f, rawParts(plan), cols, output);
  const union = (plan: TierPlan, rollup: RollupBranch, raw: (where: SQL) => SQL) =>
    sql.join(
      tierBranches(tenantId, f, plan, rollup, (parts) => raw(rawTimeWhere("e", parts))),
      sql` UNION ALL `,
    );
  const [perOutcome, actorCount, hist] = await Promise.all([
    read(
      counts,
      [events.outcome, events.redactionCount],
      jsonRows(
        sql`json_build_array(o, n, r)`,
        sql`SELECT o, sum(n) AS n, sum(r) AS r FROM (${union(
          counts,
          (t, where) =>
            sql`SELECT outcome AS o, sum(n) AS n, sum(redactions) AS r FROM ${t} WHERE ${where} GROUP BY 1`,
          (where) =>
            sql`SELECT outcome AS o, count(*) AS n, coalesce(sum(redaction_count), 0) AS r
                FROM ${RAW} WHERE ${where} GROUP BY 1`,
        )}) u GROUP BY 1`,
      ),
    ),
    read(
      actors,
      [events.actorId],
      // Actors whose calls add up to more than none: a rollup row may be netted by another
      // (MCP traffic only: own-correction.ts), so rows are summed per actor, not tested alone.
      sql`SELECT count(*)::text FROM (SELECT a FROM (${union(
        actors,
        (t, where) => sql`SELECT actor_id AS a, n FROM ${t} WHERE ${where}`,
        (where) => sql`SELECT actor_id AS a, 1 AS n FROM ${RAW} WHERE ${where}`,
      )}) u GROUP BY a HAVING sum(n) > 0) x`,
    ),
    read(
      durations,
      [events.durationMs],
      jsonRows(
        sql`json_build_array(b, n)`,
        sql`SELECT b, sum(n) AS n FROM (${union(
          durations,
          (t, where) => sql`SELECT bucket AS b, sum(n) AS n FROM ${t} WHERE ${where} GROUP BY 1`,
          (where) =>
            sql`SELECT tooltrail_duration_bucket(duration_ms) AS b, count(*) AS n FROM ${RAW}
                WHERE ${where} AND duration_ms IS NOT NULL GROUP BY 1`,
        )}) u GROUP BY 1`,
      ),
    ),
  ]);
  return toSummary(perOutcome, actorCount, hist);
}

function toSummary(perOutcome: string | null, actors: string | null, hist: string | null) {
  const outcomes: EventSummary["outcomes"] = {};
  let events = 0;
  let redactions = 0;
  for (const [o, n, r] of JSON.parse(perOutcome ?? "[]") as [string, N, N][]) {
    events += Number(n);
    redactions += Number(r);
    if ((OUTCOMES as readonly string[]).includes(o) && Number(n) > 0)
      outcomes[o as keyof EventSummary["outcomes"]] = Number(n);
  }
  const counts = (JSON.parse(hist ?? "[]") as [N, N][]).map(
    ([b, n]) => [Number(b), Number(n)] as const,
  );
  const summary: EventSummary = {
    events,
    actors: Number(actors ?? 0),
    outcomes,
    redactions,
    p95DurationMs: p95FromHistogram(counts),
  };
  return summary;
}
