import { and, asc, desc, eq, gte, inArray, isNotNull, lt, ne, type SQL, sql } from "drizzle-orm";
import { TooltrailError } from "../../../lib/core/errors";
import { flagEvidence, flagHistory, flags } from "../../schema";
import type { FlagHistoryEntry, FlagPatch, FlagQuery, FlagRecord } from "../detection-types";
import { type Db, queryRows } from "./database";
import { appendHistory } from "./detection-commit";
import { anyKeyOf, anyOf, scrub, toFlag } from "./detection-rows";

/*
 * Flag reads and triage for one tenant. The severity order is spelled here because db/ may not
 * import lib/detect; unknown severities sort below `low`.
 */
const SEVERITY_RANK = sql`coalesce(array_position(ARRAY['low','medium','high','critical']::text[], ${flags.severity}), 0)`;
const MAX_DAYS = 1_000;
const DAY_MS = 86_400_000;

function flagConditions(tenantId: string, q: FlagQuery): SQL | undefined {
  return and(
    eq(flags.tenantId, tenantId),
    q.ids === undefined ? undefined : anyOf(flags.id, q.ids),
    q.status?.length ? inArray(flags.status, q.status) : undefined,
    q.rule?.length ? inArray(flags.rule, q.rule) : undefined,
    q.severity?.length ? inArray(flags.severity, q.severity) : undefined,
    q.subjectKey === undefined ? undefined : anyKeyOf(flags.subjectKey, [q.subjectKey]),
    q.assignee === undefined ? undefined : eq(flags.assignee, q.assignee),
    q.active === undefined ? undefined : eq(flags.active, q.active),
    // Episodes overlapping [from, to): they start before `to` and have not ended before `from`.
    q.to === undefined ? undefined : lt(flags.startTime, q.to),
    q.from === undefined ? undefined : gte(flags.endTime, q.from),
  );
}

export async function listFlags(db: Db, tenantId: string, q: FlagQuery) {
  const where = flagConditions(tenantId, q);
  const dir = q.order === "asc" ? asc : desc;
  const key =
    q.sort === "first_seen"
      ? flags.firstSeen
      : q.sort === "severity"
        ? SEVERITY_RANK
        : flags.lastSeen;
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(flags)
      .where(where)
      .orderBy(dir(key), dir(flags.lastSeen), asc(flags.id))
      .limit(q.limit)
      .offset(q.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(flags).where(where),
  ]);
  return { rows: rows.map(toFlag), total: count?.n ?? 0 };
}

export async function getFlag(db: Db, tenantId: string, id: string): Promise<FlagRecord | null> {
  const [row] = await db
    .select()
    .from(flags)
    .where(and(eq(flags.tenantId, tenantId), eq(flags.id, scrub(id))));
  return row ? toFlag(row) : null;
}

export async function activeFlags(db: Db, tenantId: string, rule: string, keys: readonly string[]) {
  if (keys.length === 0) return [];
  const rows = await db
    .select()
    .from(flags)
    .where(
      and(
        eq(flags.tenantId, tenantId),
        eq(flags.rule, rule),
        anyKeyOf(flags.groupKey, keys),
        eq(flags.active, true),
      ),
    );
  return rows.map(toFlag);
}

/** Flags not yet resolved (open or acknowledged) per subject key. */
export async function openFlagCounts(db: Db, tenantId: string, keys: readonly string[]) {
  const out = new Map<string, number>();
  if (keys.length === 0) return out;
  const rows = await db
    .select({ key: flags.subjectKey, n: sql<number>`count(*)::int` })
    .from(flags)
    .where(
      and(
        eq(flags.tenantId, tenantId),
        anyKeyOf(flags.subjectKey, keys),
        ne(flags.status, "resolved"),
      ),
    )
    .groupBy(flags.subjectKey);
  for (const r of rows) out.set(r.key, Number(r.n));
  return out;
}

export async function flagsOfEvents(db: Db, tenantId: string, eventIds: readonly string[]) {
  const out = new Map<string, string[]>();
  if (eventIds.length === 0) return out;
  const rows = await db
    .select({ eventId: flagEvidence.eventId, flagId: flagEvidence.flagId })
    .from(flagEvidence)
    .where(and(eq(flagEvidence.tenantId, tenantId), anyOf(flagEvidence.eventId, eventIds)))
    .orderBy(asc(flagEvidence.eventId), asc(flagEvidence.flagId));
  for (const r of rows) out.set(r.eventId, [...(out.get(r.eventId) ?? []), r.flagId]);
  return out;
}

/** The patch and its history entry in one transaction; resolved_at follows the status. */
export async function updateFlag(
  db: Db,
  tenantId: string,
  id: string,
  flagPatch: FlagPatch,
  entry: FlagHistoryEntry,
): Promise<FlagRecord | null> {
  const patch = scrub(flagPatch);
  return db.transaction(async (tx) => {
    // Only the fields the patch names; `undefined` means "leave as is", null clears.
    const set: Record<string, unknown> = { updatedAt: entry.at };
    for (const k of ["status", "assignee", "resolution", "resolutionNote", "incidentId"] as const) {
      if (patch[k] !== undefined) set[k] = patch[k];
    }
    if (patch.status !== undefined) {
      set.resolvedAt =
        patch.status === "resolved"
          ? sql`coalesce(${flags.resolvedAt}, ${entry.at.toISOString()}::timestamptz)`
          : null;
    }
    const [row] = await tx
      .update(flags)
      .set(set as Partial<typeof flags.$inferInsert>)
      .where(and(eq(flags.tenantId, tenantId), eq(flags.id, scrub(id))))
      .returning();
    if (!row) return null;
    await appendHistory(tx, tenantId, [{ ...entry, flagId: row.id }]);
    return toFlag(row);
  });
}

export async function flagHistoryOf(db: Db, tenantId: string, id: string) {
  const rows = await db
    .select()
    .from(flagHistory)
    .where(and(eq(flagHistory.tenantId, tenantId), eq(flagHistory.flagId, scrub(id))))
    .orderBy(asc(flagHistory.at), asc(flagHistory.seq));
  return rows.map(
    (r): FlagHistoryEntry => ({
      flagId: r.flagId,
      at: r.at,
      by: r.by,
      action: r.action,
      details: r.details as Record<string, unknown>,
    }),
  );
}

export async function resolutionCounts(db: Db, tenantId: string) {
  const rows = await db
    .select({ rule: flags.rule, reason: flags.resolution, count: sql<number>`count(*)::int` })
    .from(flags)
    .where(
      and(eq(flags.tenantId, tenantId), eq(flags.status, "resolved"), isNotNull(flags.resolution)),
    )
    .groupBy(flags.rule, flags.resolution)
    .orderBy(asc(flags.rule), asc(flags.resolution));
  return rows.map((r) => ({ rule: r.rule, reason: r.reason ?? "", count: Number(r.count) }));
}

/**
 * Per UTC day of [from, to) and severity: the flags open at some moment of that day, i.e. first
 * seen before the day ends and not resolved before it began (`resolved_at`, kept by updateFlag
 * and the engine's upserts). Days without open flags are absent.
 */
export async function openFlagsPerDay(db: Db, tenantId: string, from: Date, to: Date) {
  const first = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  const days: string[] = [];
  for (let d = first; d < to.getTime(); d += DAY_MS) {
    if (days.length === MAX_DAYS) {
      throw new TooltrailError("invalid-input", `the chart spans at most ${MAX_DAYS} days`);
    }
    days.push(new Date(d).toISOString());
  }
  if (days.length === 0) return [];
  const rows = await queryRows<{ day: string | Date; severity: string; n: number | string }>(
    db,
    sql`SELECT d.day, f.severity, count(*)::int AS n
        FROM unnest(${sql.param(days)}::timestamptz[]) AS d(day)
        JOIN flags f ON f.tenant_id = ${tenantId}
          AND f.first_seen < d.day + interval '1 day'
          AND (f.resolved_at IS NULL OR f.resolved_at >= d.day)
        GROUP BY d.day, f.severity ORDER BY d.day, f.severity`,
  );
  return rows.map((r) => ({ day: new Date(r.day), severity: r.severity, count: Number(r.n) }));
}
