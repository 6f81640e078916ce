import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { events, spanTallies } from "../../schema";
import {
  COVERAGE_FIELDS,
  type CoverageField,
  type SourceCoverage,
  type SpanTally,
  type SpanTallyTotal,
  type TimeRange,
  UNIDENTIFIED_ACTOR_ID,
} from "../types";
import { type Db, queryRows } from "./database";

/** When each coverage field counts as filled, over the events table's projections. */
const FILLED: Record<CoverageField, SQL> = {
  actor_identity: sql`${events.actorId} <> ${UNIDENTIFIED_ACTOR_ID}`,
  actor_type: sql`${events.actorType} IS NOT NULL`,
  client: sql`${events.clientName} IS NOT NULL`,
  agent: sql`${events.agentId} IS NOT NULL`,
  session: sql`${events.sessionId} IS NOT NULL`,
  conversation: sql`${events.conversationId} IS NOT NULL`,
  trace: sql`${events.traceId} IS NOT NULL`,
  correlation: sql`(${events.sessionId} IS NOT NULL OR ${events.conversationId} IS NOT NULL OR ${events.traceId} IS NOT NULL)`,
  arguments: sql`${events.argsHmac} IS NOT NULL`,
  duration: sql`${events.durationMs} IS NOT NULL`,
  result_size: sql`${events.resultBytes} IS NOT NULL`,
  decision: sql`${events.verdict} IS NOT NULL`,
  classification: sql`${events.dataClassification} IS NOT NULL`,
};

/** One scan per tenant and range: per ingest key, how many events fill each field. */
export async function sqlSourceCoverage(
  db: Db,
  tenantId: string,
  range: TimeRange,
): Promise<SourceCoverage[]> {
  const where = and(
    eq(events.tenantId, tenantId),
    range.from ? gte(events.time, range.from) : undefined,
    range.to ? lt(events.time, range.to) : undefined,
  );
  const counts = sql.join(
    COVERAGE_FIELDS.map((f) => sql`count(*) FILTER (WHERE ${FILLED[f]})::bigint`),
    sql`, `,
  );
  const rows = await queryRows<{
    key: string;
    n: string | number;
    first: string | Date | null;
    last: string | Date | null;
    filled: (string | number)[];
  }>(
    db,
    sql`SELECT ${events.ingestKeyId} AS key, count(*)::bigint AS n,
          min(${events.time}) AS first, max(${events.time}) AS last, ARRAY[${counts}] AS filled
        FROM ${events} WHERE ${where}
        GROUP BY ${events.ingestKeyId} ORDER BY ${events.ingestKeyId}`,
  );
  return rows.map((r) => ({
    ingestKeyId: r.key,
    events: Number(r.n),
    firstTime: r.first === null ? null : new Date(r.first),
    lastTime: r.last === null ? null : new Date(r.last),
    filled: Object.fromEntries(
      COVERAGE_FIELDS.map((f, i) => [f, Number(r.filled[i] ?? 0)]),
    ) as Record<CoverageField, number>,
  }));
}

/** Adds to the hour's counters; rows for the same key and hour are summed first. */
export async function sqlAddSpanTallies(db: Db, rows: readonly SpanTally[]): Promise<void> {
  const merged = new Map<string, SpanTally>();
  for (const r of rows) {
    const k = JSON.stringify([r.tenantId, r.ingestKeyId, r.hour.getTime()]);
    const m = merged.get(k);
    if (!m) merged.set(k, { ...r });
    else {
      m.spans += r.spans;
      m.events += r.events;
      m.dropped += r.dropped;
      m.rejected += r.rejected;
    }
  }
  if (merged.size === 0) return;
  await db
    .insert(spanTallies)
    .values([...merged.values()])
    .onConflictDoUpdate({
      target: [spanTallies.tenantId, spanTallies.ingestKeyId, spanTallies.hour],
      set: {
        spans: sql`${spanTallies.spans} + excluded.spans`,
        events: sql`${spanTallies.events} + excluded.events`,
        dropped: sql`${spanTallies.dropped} + excluded.dropped`,
        rejected: sql`${spanTallies.rejected} + excluded.rejected`,
      },
    });
}

/** Hours are counted whole: an hour belongs to the range when it starts inside it. */
export async function sqlSpanTallies(
  db: Db,
  tenantId: string,
  range: TimeRange,
): Promise<SpanTallyTotal[]> {
  const from = range.from
    ? new Date(Math.floor(range.from.getTime() / 3_600_000) * 3_600_000)
    : null;
  const rows = await db
    .select({
      ingestKeyId: spanTallies.ingestKeyId,
      spans: sql`sum(${spanTallies.spans})`.mapWith(Number),
      events: sql`sum(${spanTallies.events})`.mapWith(Number),
      dropped: sql`sum(${spanTallies.dropped})`.mapWith(Number),
      rejected: sql`sum(${spanTallies.rejected})`.mapWith(Number),
    })
    .from(spanTallies)
    .where(
      and(
        eq(spanTallies.tenantId, tenantId),
        from ? gte(spanTallies.hour, from) : undefined,
        range.to ? lt(spanTallies.hour, range.to) : undefined,
      ),
    )
    .groupBy(spanTallies.ingestKeyId)
    .orderBy(spanTallies.ingestKeyId);
  return rows;
}
