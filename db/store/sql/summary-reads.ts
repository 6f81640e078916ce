import { type SQL, sql } from "drizzle-orm";
import { OUTCOMES } from "../../../lib/contract";
import { events } from "../../schema/events";
import { p95FromHistogram } from "../duration-buckets";
import { planTiers, type TierPlan } from "../rollups";
import type { TierPart } from "../tiers";
import type { EventFilter, EventSummary } from "../types";
import { type Db, queryRows } from "./database";
import {
  type RollupBranch,
  rawTimeWhere,
  rawWhere,
  SQL_COUNT_ROLLUPS,
  SQL_DURATION_ROLLUPS,
  tierBranches,
  unionAll,
} from "./tier-parts";

type Row = { counts: string; actors: string | number; hist: string };

const sameSpan = (a: TierPart, b: TierPart) => a.from === b.from && a.to === b.to;

/**
 * The overview's KPIs in one statement. Each figure is planned on its own (db/store/tiers.ts):
 * calls, outcomes and redactions from the smallest count rollup with the filter's dimensions,
 * distinct actors from the actor rollups (a set union over days, hours and raw edges), and p95
 * from the duration histograms (unfiltered reads) or from raw rows bucketed the same way
 * (db/store/duration-buckets.ts). Whatever must come from raw events is read once, into `e`.
 */
export async function sqlSummarize(db: Db, tenantId: string, f: EventFilter) {
  const counts = planTiers(f, ["outcome"], SQL_COUNT_ROLLUPS);
  const actors = planTiers(f, ["actor"], SQL_COUNT_ROLLUPS);
  const durations = planTiers(f, [], SQL_DURATION_ROLLUPS);
  const rawParts: TierPart[] = [];
  for (const p of [counts, actors, durations].flatMap((plan) => plan.parts))
    if (p.source === "raw" && !rawParts.some((q) => sameSpan(p, q))) rawParts.push(p);
  // Every raw part reads `e`, the raw rows all three figures need, scanned once.
  const branches = (plan: TierPlan, rollup: RollupBranch, raw: (where: SQL) => SQL) =>
    tierBranches(tenantId, f, plan, rollup, (parts) => raw(rawTimeWhere("e", parts)));
  const countRows = branches(
    counts,
    (t, where) =>
      sql`SELECT outcome AS o, sum(n) AS n, sum(redactions) AS r FROM ${t} WHERE ${where} GROUP BY 1`,
    (where) =>
      sql`SELECT outcome AS o, count(*) AS n, coalesce(sum(redaction_count), 0) AS r FROM e WHERE ${where} GROUP BY 1`,
  );
  const actorRows = branches(
    actors,
    (t, where) => sql`SELECT actor_id AS a FROM ${t} WHERE ${where} AND n > 0`,
    (where) => sql`SELECT actor_id AS a FROM e WHERE ${where}`,
  );
  const histRows = branches(
    durations,
    (t, where) => sql`SELECT bucket AS b, sum(n) AS n FROM ${t} WHERE ${where} GROUP BY 1`,
    (where) =>
      sql`SELECT tooltrail_duration_bucket(duration_ms) AS b, count(*) AS n FROM e
          WHERE ${where} AND duration_ms IS NOT NULL GROUP BY 1`,
  );
  const cte =
    rawParts.length > 0
      ? sql`WITH e AS MATERIALIZED (
          SELECT ${events.time}, ${events.actorId}, ${events.outcome}, ${events.redactionCount}, ${events.durationMs}
          FROM ${events} WHERE ${rawWhere(tenantId, f, rawParts)}) `
      : sql``;
  const [row] = await queryRows<Row>(
    db,
    sql`${cte}SELECT
      (SELECT coalesce(json_agg(json_build_array(o, n, r)), '[]')::text FROM (
         SELECT o, sum(n) AS n, sum(r) AS r FROM (${unionAll(countRows, sql`SELECT null::text AS o, 0 AS n, 0 AS r WHERE false`)}) u GROUP BY 1) x) AS counts,
      (SELECT count(DISTINCT a) FROM (${unionAll(actorRows, sql`SELECT null::text AS a WHERE false`)}) u) AS actors,
      (SELECT coalesce(json_agg(json_build_array(b, n)), '[]')::text FROM (
         SELECT b, sum(n) AS n FROM (${unionAll(histRows, sql`SELECT 0 AS b, 0 AS n WHERE false`)}) u GROUP BY 1) x) AS hist`,
  );
  return toSummary(row);
}

function toSummary(row: Row | undefined): EventSummary {
  const perOutcome = JSON.parse(row?.counts ?? "[]") as [string, number, number][];
  const outcomes: EventSummary["outcomes"] = {};
  let total = 0;
  let redactions = 0;
  for (const [o, n, r] of perOutcome) {
    total += Number(n);
    redactions += Number(r);
    if ((OUTCOMES as readonly string[]).includes(o) && Number(n) > 0)
      outcomes[o as keyof EventSummary["outcomes"]] = Number(n);
  }
  const hist = JSON.parse(row?.hist ?? "[]") as [number, number][];
  return {
    events: total,
    actors: Number(row?.actors ?? 0),
    outcomes,
    redactions,
    p95DurationMs: p95FromHistogram(hist.map(([b, n]) => [Number(b), Number(n)] as const)),
  };
}
